using System.CommandLine;
using CharRnn.ModelFormat;
using CharRnn.Training.Course;
using CharRnn.Cells;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn vanishing</c>: the "spot the vanishing gradient" exercise (<see cref="VanishingExperiment"/>): held-out
/// accuracy per cell and length on the recall-the-first-symbol task, and ‖∂L/∂h_t‖ against the distance from the loss.
/// </summary>
internal static class VanishingCommand
{
    private const int MaxLength = 10_000;
    private const string PlotFile = "gradient-norms.png";
    private static readonly VanishingSettings Defaults = new() { Lengths = [5, 10, 25, 50, 100], Cells = CellHelp.Cells };

    public static Command Create(Terminal terminal)
    {
        Option<int[]> lengths = Options.Checked<int[]>("--lengths",
            "Sequence lengths to train and test, comma-separated; the answer is the first of length symbols.",
            [.. Defaults.Lengths], "a comma-separated list of whole numbers",
            (string text, out int[] value) => ParseList(text, (string item, out int length) => Options.ParseInt(item, out length), out value),
            values => values.All(length => length is >= 2 and <= MaxLength) && values.Distinct().Count() == values.Length
                ? null : $"different lengths from 2 (a first symbol and a step to answer at) to {MaxLength}");
        lengths.HelpName = "5,10,25,50,100";
        Option<CellType[]> cells = Options.Checked<CellType[]>("--cells", "The cells to compare, comma-separated.",
            [.. Defaults.Cells], "a comma-separated list of " + CellCatalog.KnownNames,
            (string text, out CellType[] value) => ParseList<CellType>(text, CellCatalog.TryParse, out value),
            values => values.Distinct().Count() == values.Length ? null : "a list naming each cell once");
        cells.HelpName = CellHelp.Names(",");
        Option<string> output = Options.RequiredPath("--out", "The folder for report.md and gradient-norms.png (created if missing).");
        Option<int> hidden = Options.Int("--hidden", Defaults.HiddenSize, 1, 1024, "The hidden size of the one layer.");
        Option<int> steps = Options.Int("--steps", Defaults.TrainingSteps, 1, 1_000_000, "Optimizer steps for each cell and length, each on a fresh batch of sequences.");
        Option<double> learningRate = Options.Real("--learning-rate", Defaults.LearningRate, 0, 1, "Adam's step size.");
        Option<ulong> seed = Options.Seed(Defaults.Seed, "Seeds the weights and the training and held-out sequences.");
        var command = new Command("vanishing", "Train each cell to recall the first symbol of sequences of each length, and plot how ‖∂L/∂h_t‖ fades with the distance from the loss.")
        {
            lengths, cells, output, hidden, steps, learningRate, seed,
        };
        command.SetAction(parse =>
        {
            var settings = Defaults with
            {
                Lengths = parse.GetValue(lengths)!,
                Cells = parse.GetValue(cells)!,
                HiddenSize = parse.GetValue(hidden),
                TrainingSteps = parse.GetValue(steps),
                LearningRate = parse.GetValue(learningRate),
                Seed = parse.GetValue(seed),
            };
            CourseOutput.Run(parse.GetValue(output)!, terminal, progress => VanishingExperiment.Run(settings, progress),
                (results, elapsed) => VanishingReport.Write(settings, results, PlotFile, elapsed), PlotFile,
                results => GradientNormPlot.Render(results.Gradients));
            return 0;
        });
        return command;
    }

    // Comma-separated items, none of them empty; false on any item the parser refuses.
    private static bool ParseList<T>(string text, Options.Parser<T> parse, out T[] values)
    {
        string[] items = text.Split(',', StringSplitOptions.TrimEntries);
        values = new T[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!parse(items[i], out values[i]))
            {
                return false;
            }
        }

        return text.Trim().Length > 0;
    }
}
