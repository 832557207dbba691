using CharRnn.IO;
using CharRnn.ModelFormat;
using CharRnn.Training.Corpus;

namespace CharRnn.Training;

/// <summary>How a run ended.</summary>
/// <param name="Steps">Optimizer steps taken, counting those of the runs a resumed run continues.</param>
/// <param name="BestValidationLoss">The validation loss of the saved model, in nats per character.</param>
/// <param name="Interrupted">Whether the run was cancelled (Ctrl+C) rather than reaching a limit.</param>
/// <param name="Parameters">The model's parameter count.</param>
/// <param name="StepsPerEpoch">Optimizer steps in one pass over the training split.</param>
/// <param name="Evaluations">The evaluations of this process, in order (a resumed run's earlier ones are not here).</param>
internal sealed record TrainingResult(long Steps, double BestValidationLoss, bool Interrupted, int Parameters, int StepsPerEpoch,
    IReadOnlyList<Evaluation> Evaluations);

/// <summary>
/// Trains a char-RNN as <see cref="TrainingOptions"/> say, reporting to an <see cref="ITrainingProgress"/>: reads
/// and checks everything a run needs before it writes anything, then hands over to a <see cref="TrainingRun"/>.
/// </summary>
internal sealed class CharRnnTrainer
{
    private readonly TrainingOptions _options;
    private readonly ITrainingProgress _progress;

    public CharRnnTrainer(TrainingOptions options, TextWriter log)
        : this(options, new PlainProgress(log))
    {
    }

    public CharRnnTrainer(TrainingOptions options, ITrainingProgress progress)
    {
        _options = options;
        _progress = progress;
    }

    /// <summary>Trains until the first limit (epochs, steps, time) or until <paramref name="cancellation"/> fires.</summary>
    /// <exception cref="CorpusException">The corpus cannot be read or is too short for the options.</exception>
    /// <exception cref="TrainingException">
    /// The model is too large, the checkpoint to resume from is unusable, an output cannot be written (found before
    /// training starts where it can be), or the training diverged.
    /// </exception>
    public TrainingResult Run(CancellationToken cancellation)
    {
        TextCorpus corpus = TextCorpus.FromText(CorpusReader.Read(_options.CorpusPath, _options.CorpusChars), _options.CorpusPath);
        (int[] training, int[] validation) = corpus.Split(_options.ValidationFraction);
        CheckSizes(training.Length, validation.Length, corpus.Vocabulary.Length);
        Checkpoint? resumed = _options.ResumePath is { } resumePath ? CheckpointFile.Load(resumePath) : null;
        TrainingOptions options = resumed is null ? _options : Resumption.Resumed(_options, resumed);
        IReadOnlyList<(string Option, string Value)> identity = Resumption.Identity(options, corpus);
        if (resumed is not null)
        {
            Resumption.Check(options.ResumePath!, resumed, identity);
        }

        ProbeOutputs();
        using MetricsWriter? metrics = _options.MetricsPath is null ? null : new MetricsWriter(_options.MetricsPath, append: resumed is not null);
        using GradientNormLog? gradientLog = _options.GradientNormLogPath is null ? null
            : new GradientNormLog(_options.GradientNormLogPath, append: resumed is not null);
        using var run = new TrainingRun(options, _progress, new TrainingData(corpus, training, validation, identity),
            new TrainingOutputs(metrics, gradientLog), resumed);
        return run.Run(cancellation);
    }

    private void CheckSizes(int training, int validation, int vocabulary)
    {
        string longer = _options.CorpusChars is null ? "use a longer corpus" : "raise --corpus-chars";
        // The model file's limits, checked now rather than at the first save, after the training ran.
        try
        {
            ModelSchema.CheckShape(_options.Cell, _options.Layers, _options.HiddenSize, vocabulary);
        }
        catch (ModelFormatException e)
        {
            throw new TrainingException(
                $"cannot train this model: {e.Problem}; lower --hidden or --layers, or use a corpus with fewer distinct characters");
        }

        long needed = (long)_options.BatchSize * _options.ChunkLength + 1;
        if (training < needed)
        {
            throw new CorpusException(
                $"the training split of '{_options.CorpusPath}' has {training} characters, but --batch-size {_options.BatchSize} × --seq-length {_options.ChunkLength} needs at least {needed}; {longer} or lower --batch-size or --seq-length");
        }

        if (validation < _options.BatchSize + 1)
        {
            throw new CorpusException(
                $"the validation split of '{_options.CorpusPath}' has {validation} characters, but --batch-size {_options.BatchSize} needs at least {_options.BatchSize + 1}; raise --val-fraction or {longer}");
        }

        // The largest work buffer holds every step of a chunk for every stream, hidden or vocabulary wide.
        long buffer = (_options.ChunkLength + 1L) * _options.BatchSize * Math.Max(_options.HiddenSize, vocabulary);
        if (buffer > Array.MaxLength)
        {
            throw new TrainingException(
                $"--batch-size {_options.BatchSize} × --seq-length {_options.ChunkLength} × {Math.Max(_options.HiddenSize, vocabulary)} is {buffer} values per buffer, more than an array holds; lower --batch-size or --seq-length");
        }
    }

    // An unwritable --out or --checkpoint is found before the training runs rather than at the first save.
    private void ProbeOutputs()
    {
        OutputProbe.Check("--out", _options.OutputPath, "the model there");
        OutputProbe.Check("--checkpoint", _options.CheckpointTarget, "the checkpoint there");
    }
}

/// <summary>Checks an output path before a run, so a path that cannot be written fails before the training rather than after it.</summary>
internal static class OutputProbe
{
    /// <exception cref="TrainingException">The path is a directory, or a file cannot be written there.</exception>
    public static void Check(string option, string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new TrainingException($"{option} '{path}' is a directory; give the path of a file");
        }

        try
        {
            AtomicFile.CheckWritable(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite(option, path, what, e);
        }
    }
}
