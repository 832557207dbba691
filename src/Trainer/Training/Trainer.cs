using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using CharRnn.Inference;
using CharRnn.ModelFormat;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;
using CharRnn.Training.Optimizers;

namespace CharRnn.Training;

/// <summary>How a run ended.</summary>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="BestValidationLoss">The validation loss of the saved model, in nats per character.</param>
/// <param name="Interrupted">Whether the run was cancelled (Ctrl+C) rather than reaching a limit.</param>
internal sealed record TrainingResult(long Steps, double BestValidationLoss, bool Interrupted);

/// <summary>
/// The training loop: truncated BPTT over chunks of <see cref="TrainingOptions.SeqLength"/> steps, the hidden state
/// carried from chunk to chunk, each gradient element clipped, one optimizer step per chunk. It evaluates every
/// <see cref="TrainingOptions.EvaluateEvery"/> steps, after each epoch and at the end, and writes the model whenever
/// the validation loss improves, so the file at the output path is always the best model so far.
/// </summary>
internal sealed class Trainer
{
    private const int SampleLength = 200;
    private readonly TrainingOptions _options;
    private readonly TextWriter _log;

    public Trainer(TrainingOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
    }

    /// <summary>Trains until the first limit (epochs, steps, time) or until <paramref name="cancellation"/> fires.</summary>
    /// <exception cref="CorpusException">The corpus cannot be read or is too short for the options.</exception>
    /// <exception cref="TrainingException">
    /// The model is too large, an output cannot be written (found before training starts where it can be), or the
    /// training diverged.
    /// </exception>
    public TrainingResult Run(CancellationToken cancellation)
    {
        string corpusName = Path.GetFileName(_options.CorpusPath);
        TextCorpus corpus = TextCorpus.FromText(CorpusReader.Read(_options.CorpusPath), _options.CorpusPath);
        (int[] training, int[] validation) = corpus.Split(_options.ValidationFraction);
        CheckSizes(training.Length, validation.Length, corpus.Vocabulary.Length);
        ProbeOutput();
        using MetricsWriter? metrics = _options.MetricsPath is null ? null : new MetricsWriter(_options.MetricsPath);

        var network = new RnnNetwork<float>(_options.Cell, corpus.Vocabulary.Length, _options.HiddenSize, _options.Layers);
        network.Initialize(_options.Seed);
        using var runner = new BatchRunner<float>(network, _options.BatchSize, _options.SeqLength, _options.Seed,
            (float)_options.Dropout);
        var optimizer = Optimizer<float>.Create(_options.Optimizer, _options.LearningRate, network.Parameters.Length);
        var trainLayout = new StreamLayout(training, _options.BatchSize);
        var validationLayout = new StreamLayout(validation, _options.BatchSize);
        int chunksPerEpoch = trainLayout.StreamLength / _options.SeqLength;
        Log($"corpus {corpusName}: {corpus.Ids.Length} characters, {corpus.Vocabulary.Length} distinct; {training.Length} for training, {validation.Length} for validation");
        Log($"model: {CellNames.ToText(_options.Cell)}, {_options.Layers} layer(s), hidden size {_options.HiddenSize}, {network.Parameters.Length} parameters; {chunksPerEpoch} steps per epoch");

        var best = new Best(network, corpus.Vocabulary, corpusName, _options);
        var clock = Stopwatch.StartNew();
        long step = 0, lastEvaluated = -1;
        double trainLossSum = 0;
        int trainLossCount = 0;
        int epoch = 1;

        void Evaluate()
        {
            double validationLoss = runner.Evaluate(validationLayout);
            double trainLoss = trainLossCount > 0 ? trainLossSum / trainLossCount : double.NaN;
            long characters = step * _options.BatchSize * _options.SeqLength;
            double seconds = clock.Elapsed.TotalSeconds;
            var evaluation = new Evaluation(epoch, step, characters, trainLoss, validationLoss, characters / seconds, seconds);
            metrics?.Write(evaluation);
            bool improved = best.Offer(evaluation);
            string saved = improved ? " (saved)" : "";
            Log($"epoch {epoch} step {step}: train loss {trainLoss:F4}, val loss {validationLoss:F4}{saved}; {evaluation.CharactersPerSecond:F0} chars/s, {seconds:F1} s");
            trainLossSum = 0;
            trainLossCount = 0;
            lastEvaluated = step;
        }

        bool Stop() => cancellation.IsCancellationRequested
            || step >= _options.MaxSteps
            || (_options.TimeBudget is { } budget && clock.Elapsed >= budget);

        for (; _options.Epochs is not { } epochs || epoch <= epochs; epoch++)
        {
            runner.ResetState();
            for (int chunk = 0; chunk < chunksPerEpoch && !Stop(); chunk++)
            {
                double loss = runner.TrainChunk(trainLayout, chunk * _options.SeqLength, step);
                if (!double.IsFinite(loss))
                {
                    throw new TrainingException(
                        $"training diverged at step {step + 1} (the loss is {loss}); lower --learning-rate or --clip");
                }

                TensorPrimitives.Clamp<float>(runner.Gradients, -(float)_options.Clip, (float)_options.Clip, runner.Gradients);
                optimizer.Step(network.Parameters, runner.Gradients);
                network.RefreshTransposed();
                step++;
                trainLossSum += loss;
                trainLossCount++;
                if (step % _options.EvaluateEvery == 0)
                {
                    Evaluate();
                }
            }

            if (Stop())
            {
                break;
            }

            if (lastEvaluated != step)
            {
                Evaluate();
            }

            if (_options.SampleEvery > 0 && epoch % _options.SampleEvery == 0)
            {
                Log($"sample after epoch {epoch}:");
                _log.WriteLine(Sample(network, corpus.Vocabulary));
            }
        }

        bool interrupted = cancellation.IsCancellationRequested;
        if (interrupted)
        {
            Log($"interrupted: evaluating and saving the model");
        }

        if (lastEvaluated != step)
        {
            Evaluate();
        }

        best.SaveIfNothingSaved();
        Log($"model written to {_options.OutputPath} (val loss {best.ValidationLoss:F4} at step {best.Step}); {step} steps in {clock.Elapsed.TotalSeconds:F1} s");
        return new TrainingResult(step, best.ValidationLoss, interrupted);
    }

    private void CheckSizes(int training, int validation, int vocabulary)
    {
        if (Directory.Exists(_options.OutputPath))
        {
            throw new TrainingException($"--out '{_options.OutputPath}' is a directory; give the model file's path");
        }

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

        long needed = (long)_options.BatchSize * _options.SeqLength + 1;
        if (training < needed)
        {
            throw new CorpusException(
                $"the training split of '{_options.CorpusPath}' has {training} characters, but --batch-size {_options.BatchSize} × --seq-length {_options.SeqLength} needs at least {needed}; use a longer corpus or lower --batch-size or --seq-length");
        }

        if (validation < _options.BatchSize + 1)
        {
            throw new CorpusException(
                $"the validation split of '{_options.CorpusPath}' has {validation} characters, but --batch-size {_options.BatchSize} needs at least {_options.BatchSize + 1}; raise --val-fraction or use a longer corpus");
        }

        // The largest work buffer holds every step of a chunk for every stream, hidden or vocabulary wide.
        long buffer = (_options.SeqLength + 1L) * _options.BatchSize * Math.Max(_options.HiddenSize, vocabulary);
        if (buffer > Array.MaxLength)
        {
            throw new TrainingException(
                $"--batch-size {_options.BatchSize} × --seq-length {_options.SeqLength} × {Math.Max(_options.HiddenSize, vocabulary)} is {buffer} values per buffer, more than an array holds; lower --batch-size or --seq-length");
        }
    }

    // An unwritable --out is found before the training runs rather than at the first save.
    private void ProbeOutput()
    {
        try
        {
            ModelFiles.CheckWritable(_options.OutputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite("--out", _options.OutputPath, "the model there", e);
        }
    }

    // A sample from the current weights through Runtime, exactly as `charrnn sample` would draw it.
    private string Sample(RnnNetwork<float> network, int[] vocabulary)
    {
        ModelFile model = network.ToModelFile(network.Parameters, vocabulary, TrainingFacts.None);
        DynamicSession session = new DynamicModel(model).CreateSession(new SamplingOptions { Seed = _options.Seed });
        var text = new StringBuilder();
        for (int i = 0; i < SampleLength; i++)
        {
            text.Append(session.Next().ToString());
        }

        return text.ToString();
    }

    private void Log(FormattableString message) => _log.WriteLine(message.ToString(CultureInfo.InvariantCulture));

    // The best weights so far and the file that holds them.
    private sealed class Best(RnnNetwork<float> network, int[] vocabulary, string corpusName, TrainingOptions options)
    {
        private bool _saved;

        public double ValidationLoss { get; private set; } = double.PositiveInfinity;

        public long Step { get; private set; }

        public bool Offer(Evaluation evaluation)
        {
            if (!(evaluation.ValidationLoss < ValidationLoss))
            {
                return false;
            }

            Save(new TrainingFacts(corpusName, evaluation.Characters, evaluation.TrainLoss, evaluation.ValidationLoss, options.Seed));
            ValidationLoss = evaluation.ValidationLoss;
            Step = evaluation.Step;
            return true;
        }

        public void SaveIfNothingSaved()
        {
            if (!_saved)
            {
                Save(TrainingFacts.None);
            }
        }

        // The probe before training makes a failure here rare (a full disk, a directory made read-only meanwhile).
        // The save is atomic, so the file still holds the best model saved before; the message says which.
        private void Save(TrainingFacts facts)
        {
            try
            {
                ModelFiles.Save(options.OutputPath, network.ToModelFile(network.Parameters, vocabulary, facts));
                _saved = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                string kept = _saved
                    ? string.Create(CultureInfo.InvariantCulture, $"; the file keeps the model saved at step {Step} (val loss {ValidationLoss:F4})")
                    : "";
                throw TrainingException.CannotWrite("--out", options.OutputPath, "the model", e, kept);
            }
        }
    }
}
