using System.CommandLine;
using CharRnn.ModelFormat;
using CharRnn.Training.Course;

namespace CharRnn.Training.Commands;

/// <summary><c>charrnn sweep</c>: the course's hidden-size exercise, one <c>train</c> run per size.</summary>
internal static class SweepCommand
{
    public static Command Create(Terminal terminal)
    {
        var hidden = new Option<int[]>("--hidden")
        {
            Description = "The hidden sizes to train, separated by commas, each once (each 1 to " + ModelSchema.MaxHiddenSize + ").",
            HelpName = "8,64,256",
            Required = true,
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                int[]? sizes = SizeList.Parse(text, 1, ModelSchema.MaxHiddenSize, out string? problem);
                if (sizes is null)
                {
                    result.AddError("--hidden " + problem);
                }

                return sizes ?? [];
            },
        };
        Option<string> corpus = Options.RequiredPath("--corpus", "The training text, read as `train` reads it.");
        Option<int?> corpusChars = TrainCommand.CorpusChars();
        Option<string> cell = TrainCommand.Cell();
        Option<int> layers = TrainCommand.Layers();
        Option<int> epochs = Options.Int("--epochs", TrainingOptions.DefaultEpochs, 1, 1_000_000, "Passes over the training split for each size.");
        Option<string> output = Options.RequiredPath("--out",
            "The folder for report.md, loss.svg, seconds-per-epoch.svg and each size's hidden-N.charrnn and hidden-N.jsonl (created if missing).");
        Option<ulong> seed = Options.Seed(TrainCommand.Defaults.Seed, "Seeds every size's weight initialisation and sampling alike.");

        var command = new Command("sweep",
            "Train one model per hidden size on the same data and seed; write a report (report.md), the loss curves and the time per epoch.")
        {
            hidden, corpus, corpusChars, cell, layers, epochs, output, seed,
        };
        command.SetAction(parse =>
        {
            string directory = parse.GetValue(output)!;
            if (File.Exists(directory))
            {
                throw new CommandException($"--out '{directory}' is a file; give a folder for the sweep's report, models and plots");
            }

            var options = new SweepOptions
            {
                HiddenSizes = parse.GetValue(hidden)!,
                OutputDirectory = directory,
                CommandLine = "charrnn " + string.Join(' ', parse.Tokens.Select(token => Quoted(token.Value))),
                Training = new TrainingOptions
                {
                    CorpusPath = parse.GetValue(corpus)!,
                    OutputPath = directory,
                    CorpusChars = parse.GetValue(corpusChars),
                    Cell = TrainCommand.CellOf(parse, cell),
                    Layers = parse.GetValue(layers),
                    Epochs = parse.GetValue(epochs),
                    Seed = parse.GetValue(seed),
                    // The classic exercise compares the sizes under char-rnn's schedule, as docs/course.md reports them.
                    Cooldown = 0,
                },
            };
            IReadOnlyList<SweepRun> runs = TrainingConsole.Run(terminal, (progress, cancellation) => HiddenSizeSweep.Run(options, progress, cancellation));
            return runs.All(run => run.Finished) ? 0 : 130;
        });
        return command;
    }

    private static string Quoted(string token) =>
        token.Length > 0 && token.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,/=+:".Contains(c, StringComparison.Ordinal))
            ? token : "'" + token.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
