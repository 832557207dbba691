using System.CommandLine;
using CharRnn.ModelFormat;
using CharRnn.Training.Course;
using CharRnn.Cells;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn series</c>: the sequence-to-value exercise (<see cref="SeriesExperiment"/>): the char network's cells with
/// a regression head predicting the next value of a noisy sine, against the repeat-the-last-value baseline.
/// </summary>
internal static class SeriesCommand
{
    private const string PlotFile = "series.png";
    private static readonly SeriesSettings Defaults = new();

    public static Command Create(Terminal terminal)
    {
        Option<CellType> cell = Options.Checked<CellType>("--cell", $"The recurrent cell: {CellHelp.NamesInProse()}.", Defaults.Cell,
            "one of: " + CellCatalog.KnownNames, CellCatalog.TryParse, _ => null);
        cell.HelpName = CellHelp.Names("|");
        Option<string> output = Options.RequiredPath("--out", "The folder for report.md and series.png (created if missing).");
        Option<int> hidden = Options.Int("--hidden", Defaults.HiddenSize, 1, 1024, "The hidden size of the one layer.");
        Option<int> epochs = Options.Int("--epochs", Defaults.Epochs, 1, 100_000, "Passes over the training windows.");
        Option<double> noise = Options.Checked<double>("--noise", "The standard deviation of the Gaussian noise on the sine (0: none).",
            Defaults.Noise, "a number", Options.ParseDouble, value => value is >= 0 and <= 10 ? null : "from 0 to 10");
        Option<ulong> seed = Options.Seed(Defaults.Seed, "Seeds the noise, the weights and the order of the windows.");
        var command = new Command("series", "Train a cell with a regression head to predict the next value of a noisy sine from the values before it, and compare it with repeating the last value.")
        {
            cell, output, hidden, epochs, noise, seed,
        };
        command.SetAction(parse =>
        {
            var settings = Defaults with
            {
                Cell = parse.GetValue(cell),
                HiddenSize = parse.GetValue(hidden),
                Epochs = parse.GetValue(epochs),
                Noise = parse.GetValue(noise),
                Seed = parse.GetValue(seed),
            };
            CourseOutput.Run(parse.GetValue(output)!, terminal, progress => SeriesExperiment.Run(settings, progress),
                (results, elapsed) => SeriesReport.Write(settings, results, PlotFile, elapsed), PlotFile,
                results => SeriesPlot.Render(settings, results));
            return 0;
        });
        return command;
    }
}
