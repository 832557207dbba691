using System.Diagnostics;
using System.Globalization;
using System.Text;
using CharRnn.Inference;
using CharRnn.ModelFormat;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;
using CharRnn.Training.Optimizers;
using CharRnn.Training.Plotting;

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
/// The training loop: truncated BPTT over chunks of <see cref="TrainingOptions.ChunkLength"/> steps, the hidden state
/// carried from chunk to chunk, the gradient clipped, one optimizer step per chunk, the learning rate decayed per
/// epoch. It evaluates every <see cref="TrainingOptions.EvaluateEvery"/> steps, after each epoch and at the end;
/// each evaluation writes the model when the validation loss improved (so the file at the output path is always the
/// best model so far), the plot, and a checkpoint from which <see cref="TrainingOptions.ResumePath"/> continues.
/// </summary>
internal sealed class Trainer
{
    private const int SampleLength = 200;
    private readonly TrainingOptions _options;
    private readonly ITrainingProgress _progress;

    public Trainer(TrainingOptions options, TextWriter log)
        : this(options, new PlainProgress(log))
    {
    }

    public Trainer(TrainingOptions options, ITrainingProgress progress)
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
        string corpusName = Path.GetFileName(_options.CorpusPath);
        TextCorpus corpus = TextCorpus.FromText(CorpusReader.Read(_options.CorpusPath, _options.CorpusChars), _options.CorpusPath);
        (int[] training, int[] validation) = corpus.Split(_options.ValidationFraction);
        CheckSizes(training.Length, validation.Length, corpus.Vocabulary.Length);
        IReadOnlyList<(string Option, string Value)> identity = Resumption.Identity(_options, corpus);
        string? resumePath = _options.ResumePath;
        Checkpoint? resumed = resumePath is null ? null : Resumption.Load(resumePath, identity);
        ProbeOutputs();
        using MetricsWriter? metrics = _options.MetricsPath is null ? null : new MetricsWriter(_options.MetricsPath, append: resumed is not null);
        using GradientNormLog? gradientLog = _options.GradientNormLogPath is null ? null
            : new GradientNormLog(_options.GradientNormLogPath, append: resumed is not null);

        var network = new RnnNetwork<float>(_options.Cell, corpus.Vocabulary.Length, _options.HiddenSize, _options.Layers);
        network.Initialize(_options.Seed, (float)_options.InitScale);
        using var runner = new BatchRunner<float>(network, _options.BatchSize, _options.ChunkLength, _options.Seed,
            (float)_options.DropoutProbability);
        var optimizer = Optimizer<float>.Create(_options.Optimizer, _options.BaseLearningRate, network.Parameters.Length);
        var schedule = new LearningRateSchedule(_options.BaseLearningRate, _options.LearningRateDecay, _options.LearningRateDecayAfter);
        var trainLayout = new StreamLayout(training, _options.BatchSize);
        var validationLayout = new StreamLayout(validation, _options.BatchSize);
        int chunksPerEpoch = trainLayout.StreamLength / _options.ChunkLength;
        var cooldown = LearningRateCooldown.For(_options, chunksPerEpoch);
        string slice = _options.CorpusChars is { } chars ? $" (its first {chars} characters)" : "";
        Log($"corpus {corpusName}{slice}: {corpus.Ids.Length} characters, {corpus.Vocabulary.Length} distinct; {training.Length} for training, {validation.Length} for validation");
        Log($"model: {CellNames.ToText(_options.Cell)}, {_options.Layers} layer(s), hidden size {_options.HiddenSize}, {network.Parameters.Length} parameters; {chunksPerEpoch} steps per epoch");
        string resets = _options.StreamResetPeriod > 0 ? $"; each stream restarts from zero every {_options.StreamResetPeriod} steps" : "";
        string decay = _options.LearningRateDecay < 1 ? $" (×{_options.LearningRateDecay} per epoch after {_options.LearningRateDecayAfter})" : "";
        Log($"training: {_options.Optimizer.ToString().ToLowerInvariant()}, learning rate {_options.BaseLearningRate}{decay}, dropout {_options.DropoutProbability}, chunks of {_options.ChunkLength} characters{resets}");

        var best = new BestModel(network, corpus.Vocabulary, corpusName, _options);
        var history = new List<LossPoint>();
        var evaluations = new List<Evaluation>();
        if (resumed is not null)
        {
            Resumption.Restore(resumePath!, resumed, network, runner, optimizer);
            best.Restore(resumed.BestValidationLoss, resumed.BestStep);
            history.AddRange(resumed.History);
            Log($"resumed from {_options.ResumePath}: epoch {resumed.Epoch}, step {resumed.Step}");
        }

        var clock = Stopwatch.StartNew();
        double elapsedBefore = resumed?.ElapsedSeconds ?? 0;
        int epoch = resumed?.Epoch ?? 1, chunk = resumed?.Chunk ?? 0;
        long step = resumed?.Step ?? 0, firstStep = step, lastEvaluated = resumed is null ? -1 : step;
        string? lastCheckpoint = _options.ResumePath;
        double lossSum = 0, normSum = 0;
        int summed = 0;
        long charactersPerStep = (long)_options.BatchSize * _options.ChunkLength;

        double CharactersPerSecond() => (step - firstStep) * charactersPerStep / clock.Elapsed.TotalSeconds;

        void Evaluate(string? sample = null)
        {
            double validationLoss = runner.Evaluate(validationLayout);
            double trainLoss = summed > 0 ? lossSum / summed : double.NaN;
            double seconds = elapsedBefore + clock.Elapsed.TotalSeconds;
            var evaluation = new Evaluation(epoch, step, step * charactersPerStep, trainLoss, validationLoss, CharactersPerSecond(),
                seconds, optimizer.LearningRate, summed > 0 ? normSum / summed : double.NaN, sample);
            metrics?.Write(evaluation);
            gradientLog?.Flush();
            evaluations.Add(evaluation);
            history.Add(new LossPoint(step, trainLoss, validationLoss));
            bool improved = best.Offer(evaluation);
            if (_options.PlotPath is { } plot)
            {
                LossPlot.Write(plot, history);
            }

            CheckpointFile.Save(_options.CheckpointTarget, new Checkpoint
            {
                Identity = identity, Epoch = epoch, Chunk = chunk, Step = step, ElapsedSeconds = seconds,
                BestValidationLoss = best.ValidationLoss, BestStep = best.Step, History = history,
                Weights = network.Parameters, OptimizerSteps = optimizer.StepCount, OptimizerState = optimizer.State,
                CarriedState = Resumption.CarriedState(runner),
            });
            lastCheckpoint = _options.CheckpointTarget;
            string saved = improved ? " (saved)" : "";
            Log($"epoch {epoch} step {step}: train loss {trainLoss:F4}, val loss {validationLoss:F4}{saved}; {evaluation.CharactersPerSecond:F0} chars/s, {seconds:F1} s");
            lossSum = normSum = 0;
            summed = 0;
            lastEvaluated = step;
        }

        bool Stop() => cancellation.IsCancellationRequested
            || step >= _options.MaxSteps
            || (_options.TimeBudget is { } budget && clock.Elapsed >= budget);

        for (; _options.Epochs is not { } epochs || epoch <= epochs; epoch++, chunk = 0)
        {
            if (chunk == 0)
            {
                runner.ResetState();
            }

            double epochRate = schedule.RateFor(epoch);
            while (chunk < chunksPerEpoch && !Stop())
            {
                optimizer.LearningRate = epochRate * cooldown.FactorAt(step, clock.Elapsed);
                ResetStreamsDueAt(runner, chunk);
                double loss = runner.TrainChunk(trainLayout, chunk * _options.ChunkLength, step);
                double norm = GradientClipping.Norm(runner.Gradients);
                bool diverged = !double.IsFinite(loss) || !double.IsFinite(norm);
                bool clipped = !diverged && GradientClipping.Clip(runner.Gradients, _options.ClipMode, _options.Clip, norm);
                gradientLog?.Write(step + 1, epoch, loss, norm, clipped);
                if (diverged)
                {
                    // Thrown before the step, so no bad weight reaches a file: the model and checkpoint stay as they were.
                    string fix = _options.ClipMode == ClipMode.None ? "lower --learning-rate or turn clipping on (--clip-mode value or norm)"
                        : "lower --learning-rate or --clip (or use --clip-mode norm)";
                    string what = double.IsFinite(loss) ? "the gradient holds NaN or infinite values" : $"the loss is {loss}";
                    string next = lastCheckpoint is null ? $"no checkpoint was written yet; {fix}"
                        : $"'{lastCheckpoint}' keeps the state of step {lastEvaluated}; {fix}, then continue with --resume '{lastCheckpoint}'";
                    throw new TrainingException(string.Create(CultureInfo.InvariantCulture, $"training diverged at step {step + 1} ({what}); {next}"));
                }

                optimizer.Step(network.Parameters, runner.Gradients);
                network.RefreshTransposed();
                chunk++;
                step++;
                lossSum += loss;
                normSum += norm;
                summed++;
                _progress.Report(ProgressEstimate.After(_options, epoch, step, loss, CharactersPerSecond(), (epoch - 1L) * chunksPerEpoch + chunk,
                    chunksPerEpoch, clock.Elapsed, step - firstStep));
                // The evaluation due at an epoch's last step waits for the epoch's end, where it carries the sample.
                if (step % _options.EvaluateEvery == 0 && chunk < chunksPerEpoch)
                {
                    Evaluate();
                }
            }

            if (Stop())
            {
                break;
            }

            string? sample = _options.SampleEvery > 0 && epoch % _options.SampleEvery == 0 ? Sample(network, corpus.Vocabulary) : null;
            if (lastEvaluated != step)
            {
                Evaluate(sample);
            }

            if (sample is not null)
            {
                // Set apart by a rule and a blank line: the sample has line breaks of its own and may end mid-word.
                Log($"--- sample after epoch {epoch} (step {step}) ---");
                _progress.Log(sample);
                _progress.Log("");
            }
        }

        bool interrupted = cancellation.IsCancellationRequested;
        if (interrupted)
        {
            Log($"interrupted: evaluating and saving the model and the checkpoint");
        }

        if (lastEvaluated != step)
        {
            Evaluate();
        }

        best.SaveIfNothingSaved();
        Log($"model written to {_options.OutputPath} (val loss {best.ValidationLoss:F4} at step {best.Step}); {step - firstStep} steps in {clock.Elapsed.TotalSeconds:F1} s; checkpoint {_options.CheckpointTarget}");
        return new TrainingResult(step, best.ValidationLoss, interrupted, network.Parameters.Length, chunksPerEpoch, evaluations);
    }

    private void ResetStreamsDueAt(BatchRunner<float> runner, int chunk)
    {
        for (int stream = 0; stream < _options.BatchSize; stream++)
        {
            if (StreamResets.IsDue(stream, chunk, _options.StreamResetPeriod, _options.BatchSize))
            {
                runner.ResetStream(stream);
            }
        }
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

    // An unwritable --out, --checkpoint or --plot, or a plot that cannot be drawn, is found before the training runs
    // rather than at the first save.
    private void ProbeOutputs()
    {
        Probe("--out", _options.OutputPath, "the model there");
        Probe("--checkpoint", _options.CheckpointTarget, "the checkpoint there");
        if (_options.PlotPath is { } plot)
        {
            Probe("--plot", plot, "the plot there");
            LossPlot.Probe(plot);
        }

        static void Probe(string option, string path, string what)
        {
            if (Directory.Exists(path))
            {
                throw new TrainingException($"{option} '{path}' is a directory; give the path of a file");
            }

            try
            {
                ModelFiles.CheckWritable(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw TrainingException.CannotWrite(option, path, what, e);
            }
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

    private void Log(FormattableString message) => _progress.Log(message.ToString(CultureInfo.InvariantCulture));
}
