namespace CharRnn.Training;

/// <summary>
/// Where a run reports to a person: log lines, after every step a snapshot a progress bar may show, and each
/// evaluation. The training library only calls it; the CLI renders it (a progress bar, plain lines, a loss plot).
/// </summary>
internal interface ITrainingProgress
{
    /// <summary>A line of the run's log (settings, evaluations, samples).</summary>
    void Log(string line);

    /// <summary>The state after a step; called often, so it must be cheap.</summary>
    void Report(in ProgressSnapshot snapshot);

    /// <summary>
    /// An evaluation, after the model was saved if it improved and before the checkpoint is written, with the losses
    /// of every evaluation so far (a resumed run's earlier ones included): where the CLI redraws its loss plot.
    /// </summary>
    void Evaluated(Evaluation evaluation, IReadOnlyList<LossPoint> history)
    {
    }
}

/// <summary>A run's progress after a step.</summary>
/// <param name="Epoch">The epoch in progress, from 1.</param>
/// <param name="Step">Steps taken.</param>
/// <param name="Loss">The training loss of the last step, in nats per character.</param>
/// <param name="CharactersPerSecond">Training characters per second in this process.</param>
/// <param name="Fraction">How much of the run is done, 0 to 1, by the limit nearest to being reached.</param>
/// <param name="Remaining">The time to that limit at the current speed; null when the run has no limit.</param>
internal readonly record struct ProgressSnapshot(int Epoch, long Step, double Loss, double CharactersPerSecond,
    double Fraction, TimeSpan? Remaining);

/// <summary>Progress as plain lines (stderr redirected, tests): the log only, no bar.</summary>
internal sealed class PlainProgress(TextWriter writer) : ITrainingProgress
{
    public void Log(string line) => writer.WriteLine(line);

    public void Report(in ProgressSnapshot snapshot)
    {
    }
}
