using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CharRnn.ModelFormat;
using CharRnn.Training.Optimizers;
using CharRnn.Training.Plotting;
using CharRnn.Cells;

namespace CharRnn.Training.Commands;

/// <summary><c>charrnn train</c>: the options of docs/architecture.md, checked, turned into <see cref="TrainingOptions"/>.</summary>
internal static class TrainCommand
{
    /// <summary>The defaults, which live in one place, <see cref="TrainingOptions"/>; the commands only name them.</summary>
    public static readonly TrainingOptions Defaults = new() { CorpusPath = "", OutputPath = "" };

    private const string ModelExtension = ".charrnn";

    private static readonly Dictionary<string, OptimizerKind> OptimizerNames = new()
    {
        ["adam"] = OptimizerKind.Adam,
        ["adagrad"] = OptimizerKind.Adagrad,
        ["rmsprop"] = OptimizerKind.RmsProp,
        ["sgd"] = OptimizerKind.Sgd,
    };

    private static readonly Dictionary<string, ClipMode> ClipModeNames = new()
    {
        ["value"] = ClipMode.Value,
        ["norm"] = ClipMode.Norm,
        ["none"] = ClipMode.None,
    };

    public static Command Create(Terminal terminal)
    {
        var arguments = new TrainArguments();
        var command = new Command("train", "Train a character-level RNN on a text file and write a .charrnn model.");
        foreach (Option option in arguments.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            TrainingOptions options = arguments.Read(parse);
            string? plotPath = parse.GetValue(arguments.Plot);
            string? int8Path = parse.GetValue(arguments.Quantize) ? Int8Path(options.OutputPath) : null;
            RefuseSharedFiles(options, plotPath, int8Path);
            if (int8Path is not null)
            {
                OutputProbe.Check("--quantize", int8Path, "the int8 model there");
            }

            int exit = Run(options, plotPath, terminal);
            if (int8Path is not null)
            {
                WriteInt8(options.OutputPath, int8Path, terminal);
            }

            return exit;
        });
        return command;
    }

    // The model written over the corpus would replace it, metrics written over the corpus would truncate it, and
    // metrics written over the model would be lost at the first save: every file the run writes must be its own.
    // --resume may name the --checkpoint file: it is read whole before the first write.
    private static void RefuseSharedFiles(TrainingOptions options, string? plot, string? int8)
    {
        List<(string Option, string Path)> files = [("--corpus", options.CorpusPath), ("--out", options.OutputPath)];
        if (options.MetricsPath is { } metrics)
        {
            files.Add(("--metrics", metrics));
        }

        if (options.GradientNormLogPath is { } gradientLog)
        {
            files.Add(("--log-grad-norm", gradientLog));
        }

        files.Add((options.CheckpointPath is null ? "--checkpoint (the --out path + .ckpt)" : "--checkpoint", options.CheckpointTarget));
        if (plot is not null)
        {
            files.Add(("--plot", plot));
        }

        if (int8 is not null)
        {
            files.Add(("--quantize (the --out path as .int8.charrnn)", int8));
        }

        for (int later = 1; later < files.Count; later++)
        {
            for (int earlier = 0; earlier < later; earlier++)
            {
                if (FilePaths.Same(files[earlier].Path, files[later].Path))
                {
                    throw new CommandException(
                        $"{files[later].Option} '{files[later].Path}' is the same file as {files[earlier].Option} '{files[earlier].Path}'; give {files[later].Option} a path of its own");
                }
            }
        }
    }

    /// <summary>Where <c>--quantize</c> writes the int8 model: the <c>--out</c> path with <c>.charrnn</c> (if it ends so) replaced by <c>.int8.charrnn</c>.</summary>
    public static string Int8Path(string output) =>
        (output.EndsWith(ModelExtension, StringComparison.OrdinalIgnoreCase) ? output[..^ModelExtension.Length] : output) + ".int8" + ModelExtension;

    // The run has saved its best model, even when interrupted; the int8 copy is made of that file.
    private static void WriteInt8(string modelPath, string int8Path, Terminal terminal) =>
        terminal.Error.WriteLine("int8 model written to "
            + QuantizeCommand.Write(ModelFiles.Load(modelPath), new FileInfo(modelPath).Length, "--quantize", int8Path));

    /// <summary><c>--cell</c>, shared with <c>sweep</c>; <see cref="CellOf"/> reads its value.</summary>
    public static Option<string> Cell()
    {
        Option<string> cell = Options.Checked<string>("--cell", $"The recurrent cell: {CellHelp.NamesInProse()}.", CellCatalog.Name(Defaults.Cell),
            "a cell name", (string text, out string value) => (value = text).Length > 0,
            name => CellCatalog.TryParse(name, out _) ? null : "one of: " + CellCatalog.KnownNames);
        cell.HelpName = CellHelp.Names("|");
        return cell;
    }

    // "adam 0.003 (gru 0.002), adagrad 0.1, ...": each optimizer's rate for most cells, then the cells whose rate differs.
    private static string LearningRateDefaults() => string.Join(", ", OptimizerNames.Select(optimizer =>
        $"{optimizer.Key} {CellHelp.CommonAndExceptions(cell => TrainingOptions.DefaultLearningRate(optimizer.Value, cell))}"));

    private static string NameOf<T>(Dictionary<string, T> names, T value) => names.First(pair => EqualityComparer<T>.Default.Equals(pair.Value, value)).Key;

    /// <summary>The cell a parsed <c>--cell</c> names (the parser has refused any other name).</summary>
    public static CellType CellOf(ParseResult parse, Option<string> cell) =>
        CellCatalog.TryParse(parse.GetValue(cell)!, out CellType type) ? type
            : throw new CommandException("--cell must be one of: " + CellCatalog.KnownNames);

    /// <summary>Refuses a path for a picture (shared with <c>plot-grad-norm</c>) that names no format the plots are written in.</summary>
    public static void RequirePlotExtension(Option<string> option) => option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<string>() is { } path && !string.IsNullOrWhiteSpace(path) && !PlotFile.IsSupported(path))
        {
            result.AddError($"{option.Name} '{path}' has no .png or .svg extension; name the file .png for an image or .svg for a drawing");
        }
    });

    /// <summary><c>--layers</c>, shared with <c>sweep</c>.</summary>
    public static Option<int> Layers() =>
        Options.Int("--layers", Defaults.Layers, 1, ModelSchema.MaxLayers, "The number of stacked RNN layers.");

    /// <summary>
    /// <c>--corpus-chars N</c>, shared with <c>sweep</c>: train on the first N characters of the corpus, counted as
    /// the trainer reads it (Unicode scalar values after the byte-order mark is dropped and CRLF and CR become LF).
    /// </summary>
    public static Option<int?> CorpusChars() =>
        Options.Checked<int?>("--corpus-chars",
            "Use only the first N characters of the corpus: Unicode scalar values (not UTF-16 units), counted after CRLF and CR become LF [default: all].",
            null, "a whole number",
            (string text, out int? value) => (value = Options.ParseInt(text, out int parsed) ? parsed : null) is not null,
            value => value >= 1 ? null : "at least 1");

    // Ctrl+C and SIGTERM stop the loop between steps; the run then evaluates, saves the model and the checkpoint and
    // exits with 130. The loss plot, when asked for, is drawn by the progress the run reports to.
    private static int Run(TrainingOptions options, string? plot, Terminal terminal) =>
        TrainingConsole.Run(terminal, (progress, cancellation) =>
            new CharRnnTrainer(options, plot is null ? progress : new LossPlotProgress(plot, progress)).Run(cancellation)).Interrupted ? 130 : 0;

    /// <summary>The options of <c>train</c>, in the order its help lists them, and their reading into <see cref="TrainingOptions"/>.</summary>
    private sealed class TrainArguments
    {
        public readonly Option<string> Corpus;
        public readonly Option<string> Output;
        public readonly Option<int?> CorpusChars;
        public readonly Option<string> Cell;
        public readonly Option<int> Hidden;
        public readonly Option<int> Layers;
        public readonly Option<int?> SeqLength;
        public readonly Option<int> BatchSize;
        public readonly Option<int?> Shards;
        public readonly Option<int?> Threads;
        public readonly Option<long?> Epochs;
        public readonly Option<long?> MaxSteps;
        public readonly Option<double?> TimeBudget;
        public readonly Option<double?> LearningRate;
        public readonly Option<string> Optimizer;
        public readonly Option<double> Decay;
        public readonly Option<int> DecayAfter;
        public readonly Option<double> Cooldown;
        public readonly Option<double> Clip;
        public readonly Option<string> ClipModeName;
        public readonly Option<double?> Dropout;
        public readonly Option<int?> ResetEvery;
        public readonly Option<double> InitScale;
        public readonly Option<double> ValFraction;
        public readonly Option<ulong> Seed;
        public readonly Option<int> EvaluateEvery;
        public readonly Option<int> SampleEvery;
        public readonly Option<string> Metrics;
        public readonly Option<string> GradientLog;
        public readonly Option<string> Checkpoint;
        public readonly Option<string> Resume;
        public readonly Option<string> Plot;
        public readonly Option<bool> Quantize;

        public TrainArguments()
        {
            Corpus = Options.RequiredPath("--corpus",
                "The training text: UTF-8 (a byte-order mark is dropped); CRLF and lone CR line ends are read as LF.");
            Output = Options.RequiredPath("--out",
                "Where to write the model (.charrnn); rewritten atomically whenever the validation loss improves.");
            CorpusChars = TrainCommand.CorpusChars();
            Cell = TrainCommand.Cell();
            Hidden = Options.Int("--hidden", Defaults.HiddenSize, 1, ModelSchema.MaxHiddenSize, "The hidden size of each layer.");
            Layers = TrainCommand.Layers();
            SeqLength = Options.OptionalInt("--seq-length", 1, 100_000,
                "Steps of backpropagation through time per chunk; the hidden state carries over between chunks "
                + $"[default: {CellHelp.PerCell(TrainingOptions.DefaultSeqLength)}].");
            BatchSize = Options.Int("--batch-size", Defaults.BatchSize, 1, 100_000, "Parallel streams: the training text is cut into this many contiguous streams.");
            Shards = Options.OptionalInt("--shards", 1, 100_000,
                "Split each batch into this many shards, at most one per stream, that run in parallel and are added in order; with the seed they fix the weights "
                + $"[default: {TrainingOptions.DefaultShardCount}, or the checkpoint's with --resume ({TrainingOptions.LegacyShardCount} for a checkpoint that does not record it)].");
            Threads = Options.OptionalInt("--threads", 1, 100_000,
                "Run the shards on this many threads (at most one per shard); any count gives the same model, bit for bit [default: one per core].");
            Epochs = Options.Limit("--epochs", $"Passes over the training split [default: {TrainingOptions.DefaultEpochs}, or no limit when --max-steps or --time-budget is given].");
            MaxSteps = Options.Limit("--max-steps", "Stop after this many optimizer steps (one per chunk), counting those before a --resume.");
            TimeBudget = Options.OptionalReal("--time-budget", 0, "Stop the training loop after this many seconds; the final evaluation and save follow.");
            LearningRate = Options.OptionalReal("--learning-rate", 0, $"The step size [default: {LearningRateDefaults()}].");
            Optimizer = Options.Checked<string>("--optimizer", "The update rule.", NameOf(OptimizerNames, Defaults.Optimizer), "a name",
                (string text, out string value) => (value = text).Length > 0,
                name => OptimizerNames.ContainsKey(name) ? null : "adam, adagrad, rmsprop or sgd");
            Optimizer.HelpName = "adam|adagrad|rmsprop|sgd";
            Decay = Options.Checked<double>("--lr-decay", "Multiply the learning rate by X after every epoch once --lr-decay-after epochs are done (1: no decay).",
                Defaults.LearningRateDecay, "a number", Options.ParseDouble, value => value > 0 && value <= 1 ? null : "greater than 0 and at most 1");
            DecayAfter = Options.Int("--lr-decay-after", Defaults.LearningRateDecayAfter, 0, int.MaxValue, "Epochs at the full learning rate before --lr-decay starts.");
            Cooldown = Options.Checked<double>("--cooldown",
                "Over this share of the run, at its end, lower the learning rate linearly to zero (0: no cooldown); the run's length is its first limit: --max-steps, --epochs or --time-budget.",
                Defaults.Cooldown, "a number", Options.ParseDouble, value => value is >= 0 and <= 1 ? null : "a share from 0 to 1");
            Clip = Options.Real("--clip", Defaults.Clip, 0, double.PositiveInfinity, "The gradient bound: each element to ±X (--clip-mode value), or the whole gradient's L2 norm to at most X (norm).");
            ClipModeName = Options.Checked<string>("--clip-mode", "How --clip bounds the gradient (none: not at all, to watch gradients explode).",
                NameOf(ClipModeNames, Defaults.ClipMode), "a mode",
                (string text, out string value) => (value = text).Length > 0,
                name => ClipModeNames.ContainsKey(name) ? null : "value, norm or none");
            ClipModeName.HelpName = "value|norm|none";
            ResetEvery = Options.OptionalInt("--reset-every", 0, int.MaxValue,
                "Zero each stream's hidden state every N chunks, the streams in turn (besides every stream at an epoch's start); 0 for never "
                + $"[default: {CellHelp.PerCell(TrainingOptions.DefaultResetEvery)}].");
            Dropout = Options.Checked<double?>("--dropout",
                "The probability of dropping a unit between layers and before the output layer while training (0: off) "
                + $"[default: {CellHelp.PerCell(TrainingOptions.DefaultDropout)}].",
                null, "a number", (string text, out double? value) => (value = Options.ParseDouble(text, out double parsed) ? parsed : null) is not null,
                value => value is >= 0 and < 1 ? null : "a probability from 0 up to (not including) 1");
            ValFraction = Options.Real("--val-fraction", Defaults.ValidationFraction, 0, 1, "The share of the text, taken from its end, held out for validation.");
            InitScale = Options.Real("--init-scale", Defaults.InitScale, 0, 100,
                "Start the weight matrices uniform in ±X/√hidden (0.1 starts as small as min-char-rnn's N(0, 0.01²) at hidden 100).");
            Seed = Options.Seed(Defaults.Seed, "Seeds the weight initialisation; the same seed gives the same weights bit for bit.");
            EvaluateEvery = Options.Int("--eval-every", Defaults.EvaluateEvery, 1, int.MaxValue, "Evaluate on the validation split, and write the checkpoint and the plot, every N steps (and at each epoch's end).");
            SampleEvery = Options.Int("--sample-every", Defaults.SampleEvery, 0, int.MaxValue, $"Print a {TrainingRun.SampleLength}-character sample to stderr every N epochs (0: never).");
            Metrics = Options.OptionalPath("--metrics", "Write one JSON line per evaluation (epoch, step, chars, train_loss, val_loss, chars_per_s, elapsed_s, lr, grad_norm) to this file; a resumed run appends.");
            GradientLog = Options.OptionalPath("--log-grad-norm",
                "Write one JSON line per optimizer step (step, epoch, loss, grad_norm: the gradient's L2 norm before clipping, clipped: whether clipping changed it) to this file; a resumed run appends.");
            Checkpoint = Options.OptionalPath("--checkpoint", "Where to write the checkpoint (weights, optimizer and data position) at every evaluation and on Ctrl+C [default: the --out path + .ckpt].");
            Resume = Options.OptionalPath("--resume", "Continue from a checkpoint; the options that shape the model and the data order must be the ones it was made with.");
            Plot = Options.OptionalPath("--plot", "Draw the training and validation loss curves to this .png or .svg file, redrawn at every evaluation.");
            RequirePlotExtension(Plot);
            Quantize = new Option<bool>("--quantize")
            {
                Description = "At the end of the run, also write the model as int8 beside --out: the --out path with .charrnn replaced by .int8.charrnn (m.charrnn gives m.int8.charrnn).",
            };
        }

        public Option[] All =>
        [
            Corpus, Output, CorpusChars, Cell, Hidden, Layers, SeqLength, BatchSize, Shards, Threads, Epochs, MaxSteps, TimeBudget, LearningRate,
            Optimizer, Decay, DecayAfter, Cooldown, Clip, ClipModeName, Dropout, ResetEvery, InitScale, ValFraction, Seed,
            EvaluateEvery, SampleEvery, Metrics, GradientLog, Checkpoint, Resume, Plot, Quantize,
        ];

        /// <summary>The run the parsed options ask for.</summary>
        public TrainingOptions Read(ParseResult parse)
        {
            OptimizerKind kind = OptimizerNames[parse.GetValue(Optimizer)!];
            long? stepLimit = parse.GetValue(MaxSteps);
            TimeSpan? budget = parse.GetValue(TimeBudget) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
            long? epochLimit = parse.GetValue(Epochs) ?? (stepLimit is null && budget is null ? TrainingOptions.DefaultEpochs : null);
            ClipMode mode = ClipModeNames[parse.GetValue(ClipModeName)!];
            if (mode == ClipMode.None && parse.GetResult(Clip) is { Implicit: false })
            {
                throw new CommandException("--clip has no effect with --clip-mode none; drop --clip, or pick --clip-mode value or norm");
            }

            return new TrainingOptions
            {
                CorpusPath = parse.GetValue(Corpus)!,
                OutputPath = parse.GetValue(Output)!,
                CorpusChars = parse.GetValue(CorpusChars),
                Cell = CellOf(parse, Cell),
                HiddenSize = parse.GetValue(Hidden),
                Layers = parse.GetValue(Layers),
                SeqLength = parse.GetValue(SeqLength),
                BatchSize = parse.GetValue(BatchSize),
                Shards = parse.GetValue(Shards),
                Threads = parse.GetValue(Threads),
                Epochs = epochLimit is { } e ? (int)Math.Min(e, int.MaxValue) : null,
                MaxSteps = stepLimit,
                TimeBudget = budget,
                Optimizer = kind,
                LearningRate = parse.GetValue(LearningRate),
                LearningRateDecay = parse.GetValue(Decay),
                LearningRateDecayAfter = parse.GetValue(DecayAfter),
                Cooldown = parse.GetValue(Cooldown),
                Clip = parse.GetValue(Clip),
                Dropout = parse.GetValue(Dropout),
                ResetEvery = parse.GetValue(ResetEvery),
                ClipMode = mode,
                InitScale = parse.GetValue(InitScale),
                ValidationFraction = parse.GetValue(ValFraction),
                Seed = parse.GetValue(Seed),
                EvaluateEvery = parse.GetValue(EvaluateEvery),
                SampleEvery = parse.GetValue(SampleEvery),
                MetricsPath = parse.GetValue(Metrics),
                GradientNormLogPath = parse.GetValue(GradientLog),
                CheckpointPath = parse.GetValue(Checkpoint),
                ResumePath = parse.GetValue(Resume),
            };
        }
    }
}
