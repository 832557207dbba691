using System.CommandLine;
using System.Runtime.InteropServices;
using CharRnn.ModelFormat;
using CharRnn.Training.Optimizers;

namespace CharRnn.Training.Commands;

/// <summary><c>charrnn train</c>: the options of DESIGN.md, checked, turned into <see cref="TrainingOptions"/>.</summary>
internal static class TrainCommand
{
    private const int DefaultEpochs = 10;

    public static Command Create(Terminal terminal)
    {
        Option<string> corpus = Options.RequiredPath("--corpus",
            "The training text: UTF-8 (a byte-order mark is dropped); CRLF and lone CR line ends are read as LF.");
        Option<string> output = Options.RequiredPath("--out",
            "Where to write the model (.charrnn); rewritten atomically whenever the validation loss improves.");
        var cell = new Option<string>("--cell") { Description = "The recurrent cell: rnn (lstm and gru are not supported yet).", DefaultValueFactory = _ => "rnn" };
        cell.Validators.Add(result =>
        {
            string name = result.GetValueOrDefault<string>();
            if (name is "lstm" or "gru")
            {
                result.AddError($"--cell {name} is not supported yet; use --cell rnn");
            }
            else if (!CellNames.TryParse(name, out _))
            {
                result.AddError($"--cell {name} is unknown; use --cell {CellNames.Known}");
            }
        });
        Option<int> hidden = Options.Int("--hidden", 128, 1, ModelSchema.MaxHiddenSize, "The hidden size of each layer.");
        Option<int> layers = Options.Int("--layers", 1, 1, ModelSchema.MaxLayers, "The number of stacked RNN layers.");
        Option<int> seqLength = Options.Int("--seq-length", 50, 1, 100_000, "Steps of backpropagation through time per chunk; the hidden state carries over between chunks.");
        Option<int> batchSize = Options.Int("--batch-size", 32, 1, 100_000, "Parallel streams: the training text is cut into this many contiguous streams.");
        Option<long?> epochs = Options.Limit("--epochs", $"Passes over the training split [default: {DefaultEpochs}, or no limit when --max-steps or --time-budget is given].");
        Option<long?> maxSteps = Options.Limit("--max-steps", "Stop after this many optimizer steps (one per chunk).");
        Option<double?> timeBudget = Options.OptionalReal("--time-budget", 0, "Stop the training loop after this many seconds; the final evaluation and save follow.");
        Option<double?> learningRate = Options.OptionalReal("--learning-rate", 0, "The step size [default: adam 0.002, adagrad 0.1, rmsprop 0.002, sgd 1].");
        var optimizer = new Option<string>("--optimizer") { Description = "The update rule.", DefaultValueFactory = _ => "adam" };
        optimizer.AcceptOnlyFromAmong("adam", "adagrad", "rmsprop", "sgd");
        Option<double> clip = Options.Real("--clip", 5, 0, double.PositiveInfinity, "Clip each gradient element to ±X.");
        var dropout = new Option<double>("--dropout") { Description = "Dropout between layers (not supported yet: only 0).", DefaultValueFactory = _ => 0 };
        dropout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() != 0)
            {
                result.AddError("--dropout is not supported yet; leave it at 0");
            }
        });
        Option<double> valFraction = Options.Real("--val-fraction", 0.1, 0, 1, "The share of the text, taken from its end, held out for validation.");
        Option<ulong> seed = Options.Seed(1, "Seeds the weight initialisation; the same seed gives the same weights bit for bit.");
        Option<int> sampleEvery = Options.Int("--sample-every", 1, 0, int.MaxValue, "Print a 200-character sample to stderr every N epochs (0: never).");
        var metrics = new Option<string?>("--metrics") { Description = "Write one JSON line per evaluation (epoch, step, chars, train_loss, val_loss, chars_per_s, elapsed_s) to this file." };
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint (not supported yet)." };
        resume.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not null)
            {
                result.AddError("--resume is not supported yet; start a new run");
            }
        });

        var command = new Command("train", "Train a character-level RNN on a text file and write a .charrnn model.")
        {
            corpus, output, cell, hidden, layers, seqLength, batchSize, epochs, maxSteps, timeBudget, learningRate,
            optimizer, clip, dropout, valFraction, seed, sampleEvery, metrics, resume,
        };
        command.SetAction(parse =>
        {
            OptimizerKind kind = Enum.Parse<OptimizerKind>(parse.GetValue(optimizer)!, ignoreCase: true);
            long? stepLimit = parse.GetValue(maxSteps);
            TimeSpan? budget = parse.GetValue(timeBudget) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
            long? epochLimit = parse.GetValue(epochs) ?? (stepLimit is null && budget is null ? DefaultEpochs : null);
            var options = new TrainingOptions
            {
                CorpusPath = parse.GetValue(corpus)!,
                OutputPath = parse.GetValue(output)!,
                HiddenSize = parse.GetValue(hidden),
                Layers = parse.GetValue(layers),
                SeqLength = parse.GetValue(seqLength),
                BatchSize = parse.GetValue(batchSize),
                Epochs = epochLimit is { } e ? (int)Math.Min(e, int.MaxValue) : null,
                MaxSteps = stepLimit,
                TimeBudget = budget,
                Optimizer = kind,
                LearningRate = parse.GetValue(learningRate) ?? Optimizer<float>.DefaultLearningRate(kind),
                Clip = parse.GetValue(clip),
                ValidationFraction = parse.GetValue(valFraction),
                Seed = parse.GetValue(seed),
                SampleEvery = parse.GetValue(sampleEvery),
                MetricsPath = parse.GetValue(metrics),
            };
            return Run(options, terminal);
        });
        return command;
    }

    // Ctrl+C and SIGTERM stop the loop between steps; the run then evaluates, saves and exits with 130.
    private static int Run(TrainingOptions options, Terminal terminal)
    {
        using var cancellation = new CancellationTokenSource();
        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            cancellation.Cancel();
        }

        Console.CancelKeyPress += OnCancelKey;
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });
        try
        {
            TrainingResult result = new Trainer(options, terminal.Error).Run(cancellation.Token);
            return result.Interrupted ? 130 : 0;
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKey;
        }
    }
}
