using System.Diagnostics;
using System.Globalization;
using System.Text;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;
using CharRnn.Training.Optimizers;
using CharRnn.Cells;

namespace CharRnn.Training;

/// <summary>The text a run trains on, split and checked, and the identity a checkpoint must share.</summary>
internal sealed record TrainingData(TextCorpus Corpus, int[] Training, int[] Validation,
    IReadOnlyList<(string Option, string Value)> Identity);

/// <summary>The optional logs a run writes besides the model and the checkpoint; the caller owns them.</summary>
internal sealed record TrainingOutputs(MetricsWriter? Metrics, GradientNormLog? GradientLog);

/// <summary>
/// One training run and its state: truncated BPTT over chunks of <see cref="TrainingOptions.ChunkLength"/> steps, the
/// hidden state carried from chunk to chunk, the gradient clipped, one optimizer step per chunk, the learning rate
/// decayed per epoch. It evaluates every <see cref="TrainingOptions.EvaluateEvery"/> steps, after each epoch and at
/// the end; each evaluation writes the model when the validation loss improved (so the file at the output path is
/// always the best model so far) and a checkpoint from which <see cref="TrainingOptions.ResumePath"/> continues.
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    /// <summary>Characters in the sample printed after an epoch.</summary>
    public const int SampleLength = 200;

    private readonly TrainingOptions _options;
    private readonly ITrainingProgress _progress;
    private readonly TrainingData _data;
    private readonly TrainingOutputs _outputs;
    private readonly Checkpoint? _resumed;
    private readonly RnnNetwork<float> _network;
    private readonly Optimizer<float> _optimizer;
    private readonly LearningRateSchedule _schedule;
    private readonly StreamLayout _trainLayout;
    private readonly StreamLayout _validationLayout;
    private readonly int _chunksPerEpoch;
    private readonly LearningRateCooldown _cooldown;
    private readonly BestModel _best;
    private readonly List<LossPoint> _history = [];
    private readonly List<Evaluation> _evaluations = [];
    private readonly Stopwatch _clock = new();
    private readonly long _charactersPerStep;
    private readonly BatchRunner<float> _runner;
    private readonly double _elapsedBefore;
    private readonly long _firstStep;
    private int _epoch;
    private int _chunk;
    private long _step;
    private long _lastEvaluated;
    private string? _lastCheckpoint;

    // The training losses and gradient norms of the steps since the last evaluation.
    private double _lossSum;
    private double _normSum;
    private int _summed;

    public TrainingRun(TrainingOptions options, ITrainingProgress progress, TrainingData data, TrainingOutputs outputs, Checkpoint? resumed)
    {
        _options = options;
        _progress = progress;
        _data = data;
        _outputs = outputs;
        _resumed = resumed;
        _network = new RnnNetwork<float>(options.Cell, data.Corpus.Vocabulary.Length, options.HiddenSize, options.Layers);
        _network.Initialize(options.Seed, (float)options.InitScale);
        _optimizer = Optimizer<float>.Create(options.Optimizer, options.BaseLearningRate, _network.Parameters.Length);
        _schedule = new LearningRateSchedule(options.BaseLearningRate, options.LearningRateDecay, options.LearningRateDecayAfter);
        _trainLayout = new StreamLayout(data.Training, options.BatchSize);
        _validationLayout = new StreamLayout(data.Validation, options.BatchSize);
        _chunksPerEpoch = _trainLayout.StreamLength / options.ChunkLength;
        _cooldown = LearningRateCooldown.For(options, _chunksPerEpoch);
        _best = new BestModel(_network, data.Corpus.Vocabulary, Path.GetFileName(options.CorpusPath), options);
        _charactersPerStep = (long)options.BatchSize * options.ChunkLength;
        _elapsedBefore = resumed?.ElapsedSeconds ?? 0;
        _epoch = resumed?.Epoch ?? 1;
        _chunk = resumed?.Chunk ?? 0;
        _step = _firstStep = resumed?.Step ?? 0;
        _lastEvaluated = resumed is null ? -1 : _step;
        _lastCheckpoint = options.ResumePath;
        // Last, so nothing can throw once it holds its buffers.
        _runner = new BatchRunner<float>(_network, options.BatchSize, options.ChunkLength, options.Seed, (float)options.DropoutProbability,
            options.ShardCount, options.Threads);
    }

    /// <summary>Trains until the first limit (epochs, steps, time) or until <paramref name="cancellation"/> fires.</summary>
    /// <exception cref="TrainingException">The checkpoint cannot be restored, an output cannot be written, or the training diverged.</exception>
    public TrainingResult Run(CancellationToken cancellation)
    {
        LogSettings();
        if (_resumed is not null)
        {
            Restore(_resumed);
        }

        _clock.Start();
        for (; _options.Epochs is not { } epochs || _epoch <= epochs; _epoch++, _chunk = 0)
        {
            TrainEpoch(cancellation);
            if (Stop(cancellation))
            {
                break;
            }

            EndEpoch();
        }

        return Finish(cancellation.IsCancellationRequested);
    }

    public void Dispose() => _runner.Dispose();

    private void LogSettings()
    {
        TextCorpus corpus = _data.Corpus;
        string slice = _options.CorpusChars is { } chars ? $" (its first {chars} characters)" : "";
        Log($"corpus {Path.GetFileName(_options.CorpusPath)}{slice}: {corpus.Ids.Length} characters, {corpus.Vocabulary.Length} distinct; {_data.Training.Length} for training, {_data.Validation.Length} for validation");
        Log($"model: {CellCatalog.Name(_options.Cell)}, {_options.Layers} layer(s), hidden size {_options.HiddenSize}, {_network.Parameters.Length} parameters; {_chunksPerEpoch} steps per epoch");
        string resets = _options.StreamResetPeriod > 0 ? $"; each stream restarts from zero every {_options.StreamResetPeriod} steps" : "";
        string decay = _options.LearningRateDecay < 1 ? $" (×{_options.LearningRateDecay} per epoch after {_options.LearningRateDecayAfter})" : "";
        Log($"training: {_options.Optimizer.ToString().ToLowerInvariant()}, learning rate {_options.BaseLearningRate}{decay}, dropout {_options.DropoutProbability}, chunks of {_options.ChunkLength} characters{resets}");
        Log($"batch: {_options.BatchSize} streams in {_runner.Shards} shard(s) on {_runner.Threads} thread(s)");
    }

    private void Restore(Checkpoint resumed)
    {
        Resumption.Restore(_options.ResumePath!, resumed, _network, _runner, _optimizer);
        _best.Restore(resumed.BestValidationLoss, resumed.BestStep);
        _history.AddRange(resumed.History);
        Log($"resumed from {_options.ResumePath}: epoch {resumed.Epoch}, step {resumed.Step}");
    }

    private bool Stop(CancellationToken cancellation) => cancellation.IsCancellationRequested
        || _step >= _options.MaxSteps
        || (_options.TimeBudget is { } budget && _clock.Elapsed >= budget);

    private void TrainEpoch(CancellationToken cancellation)
    {
        if (_chunk == 0)
        {
            _runner.ResetState();
        }

        double epochRate = _schedule.RateFor(_epoch);
        while (_chunk < _chunksPerEpoch && !Stop(cancellation))
        {
            TrainStep(epochRate);
            // The evaluation due at an epoch's last step waits for the epoch's end, where it carries the sample.
            if (_step % _options.EvaluateEvery == 0 && _chunk < _chunksPerEpoch)
            {
                Evaluate();
            }
        }
    }

    private void TrainStep(double epochRate)
    {
        _optimizer.LearningRate = epochRate * _cooldown.FactorAt(_step, _clock.Elapsed);
        ResetStreamsDue();
        double loss = _runner.TrainChunk(_trainLayout, _chunk * _options.ChunkLength, _step);
        double norm = GradientClipping.Norm(_runner.Gradients);
        bool diverged = !double.IsFinite(loss) || !double.IsFinite(norm);
        bool clipped = !diverged && GradientClipping.Clip(_runner.Gradients, _options.ClipMode, _options.Clip, norm);
        _outputs.GradientLog?.Write(_step + 1, _epoch, loss, norm, clipped);
        if (diverged)
        {
            // Thrown before the step, so no bad weight reaches a file: the model and checkpoint stay as they were.
            throw Diverged(loss);
        }

        _optimizer.Step(_network.Parameters, _runner.Gradients);
        _network.RefreshTransposed();
        _chunk++;
        _step++;
        _lossSum += loss;
        _normSum += norm;
        _summed++;
        _progress.Report(ProgressEstimate.After(_options, _epoch, _step, loss, CharactersPerSecond(),
            (_epoch - 1L) * _chunksPerEpoch + _chunk, _chunksPerEpoch, _clock.Elapsed, _step - _firstStep));
    }

    private void ResetStreamsDue()
    {
        for (int stream = 0; stream < _options.BatchSize; stream++)
        {
            if (StreamResets.IsDue(stream, _chunk, _options.StreamResetPeriod, _options.BatchSize))
            {
                _runner.ResetStream(stream);
            }
        }
    }

    private TrainingException Diverged(double loss)
    {
        string fix = _options.ClipMode == ClipMode.None ? "lower --learning-rate or turn clipping on (--clip-mode value or norm)"
            : "lower --learning-rate or --clip (or use --clip-mode norm)";
        string what = double.IsFinite(loss) ? "the gradient holds NaN or infinite values" : $"the loss is {loss}";
        string next = _lastCheckpoint is null ? $"no checkpoint was written yet; {fix}"
            : $"'{_lastCheckpoint}' keeps the state of step {_lastEvaluated}; {fix}, then continue with --resume '{_lastCheckpoint}'";
        return new TrainingException(string.Create(CultureInfo.InvariantCulture, $"training diverged at step {_step + 1} ({what}); {next}"));
    }

    private void EndEpoch()
    {
        string? sample = _options.SampleEvery > 0 && _epoch % _options.SampleEvery == 0 ? Sample() : null;
        if (_lastEvaluated != _step)
        {
            Evaluate(sample);
        }

        if (sample is not null)
        {
            // Set apart by a rule and a blank line: the sample has line breaks of its own and may end mid-word.
            Log($"--- sample after epoch {_epoch} (step {_step}) ---");
            _progress.Log(sample);
            _progress.Log("");
        }
    }

    private void Evaluate(string? sample = null)
    {
        double validationLoss = _runner.Evaluate(_validationLayout);
        double trainLoss = _summed > 0 ? _lossSum / _summed : double.NaN;
        double seconds = _elapsedBefore + _clock.Elapsed.TotalSeconds;
        var evaluation = new Evaluation(_epoch, _step, _step * _charactersPerStep, trainLoss, validationLoss, CharactersPerSecond(),
            seconds, _optimizer.LearningRate, _summed > 0 ? _normSum / _summed : double.NaN, sample);
        _outputs.Metrics?.Write(evaluation);
        _outputs.GradientLog?.Flush();
        _evaluations.Add(evaluation);
        _history.Add(new LossPoint(_step, trainLoss, validationLoss));
        bool improved = _best.Offer(evaluation);
        _progress.Evaluated(evaluation, _history);
        SaveCheckpoint(seconds);
        string saved = improved ? " (saved)" : "";
        Log($"epoch {_epoch} step {_step}: train loss {trainLoss:F4}, val loss {validationLoss:F4}{saved}; {evaluation.CharactersPerSecond:F0} chars/s, {seconds:F1} s");
        _lossSum = _normSum = 0;
        _summed = 0;
        _lastEvaluated = _step;
    }

    private void SaveCheckpoint(double seconds)
    {
        CheckpointFile.Save(_options.CheckpointTarget, new Checkpoint
        {
            Identity = _data.Identity, Epoch = _epoch, Chunk = _chunk, Step = _step, ElapsedSeconds = seconds,
            BestValidationLoss = _best.ValidationLoss, BestStep = _best.Step, History = _history,
            Weights = _network.Parameters, OptimizerSteps = _optimizer.StepCount, OptimizerState = _optimizer.State,
            CarriedState = Resumption.CarriedState(_runner),
        });
        _lastCheckpoint = _options.CheckpointTarget;
    }

    private TrainingResult Finish(bool interrupted)
    {
        if (interrupted)
        {
            Log($"interrupted: evaluating and saving the model and the checkpoint");
        }

        if (_lastEvaluated != _step)
        {
            Evaluate();
        }

        _best.SaveIfNothingSaved();
        Log($"model written to {_options.OutputPath} (val loss {_best.ValidationLoss:F4} at step {_best.Step}); {_step - _firstStep} steps in {_clock.Elapsed.TotalSeconds:F1} s; checkpoint {_options.CheckpointTarget}");
        return new TrainingResult(_step, _best.ValidationLoss, interrupted, _network.Parameters.Length, _chunksPerEpoch, _evaluations);
    }

    private double CharactersPerSecond() => (_step - _firstStep) * _charactersPerStep / _clock.Elapsed.TotalSeconds;

    // A sample from the current weights through Runtime, exactly as `charrnn sample` would draw it.
    private string Sample()
    {
        ModelFile model = _network.ToModelFile(_network.Parameters, _data.Corpus.Vocabulary, TrainingFacts.None);
        DynamicSession session = new DynamicModel(model).CreateSession(new SamplingOptions { Seed = _options.Seed });
        var text = new StringBuilder();
        for (int i = 0; i < SampleLength; i++)
        {
            text.Append(session.Next().ToString());
        }

        return text.ToString();
    }

    private void Log(FormattableString message) => _progress.Log(message.ToString(CultureInfo.InvariantCulture));
}
