namespace CharRnn.Training;

/// <summary>One evaluation as the loss plot needs it; kept in checkpoints so a resumed run plots the whole curve.</summary>
internal readonly record struct LossPoint(long Step, double TrainLoss, double ValidationLoss);

/// <summary>
/// Everything a run needs to continue exactly where it stopped: with the same options and seed, a resumed run ends
/// with the same weights, bit for bit, as one that was never interrupted.
/// </summary>
internal sealed class Checkpoint
{
    /// <summary>
    /// The options a resumed run must share with the saved one (they fix the shapes and the data order), as pairs of
    /// option name and invariant text, so a mismatch can be named. Learning rate, clipping and limits may change.
    /// </summary>
    public required IReadOnlyList<(string Option, string Value)> Identity { get; init; }

    /// <summary>The epoch in progress, from 1.</summary>
    public required int Epoch { get; init; }

    /// <summary>The next chunk of the epoch to train (the chunk count when the epoch is done).</summary>
    public required int Chunk { get; init; }

    public required long Step { get; init; }

    /// <summary>Training time of the runs before, so elapsed times continue.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>The validation loss of the model at <c>--out</c>; infinity when none was saved.</summary>
    public required double BestValidationLoss { get; init; }

    public required long BestStep { get; init; }

    public required IReadOnlyList<LossPoint> History { get; init; }

    public required float[] Weights { get; init; }

    public required long OptimizerSteps { get; init; }

    public required IReadOnlyList<float[]> OptimizerState { get; init; }

    /// <summary>The hidden state each training stream carries into its next chunk.</summary>
    public required float[] CarriedState { get; init; }

    /// <summary>
    /// The first option whose value differs from <paramref name="run"/>'s, as a sentence; null when all match. An
    /// option the checkpoint does not record has its <paramref name="legacy"/> value, if one is given.
    /// </summary>
    public string? Mismatch(IReadOnlyList<(string Option, string Value)> run, params (string Option, string Value)[] legacy)
    {
        foreach ((string option, string value) in run)
        {
            string? saved = Identity.FirstOrDefault(pair => pair.Option == option).Value
                ?? legacy.FirstOrDefault(pair => pair.Option == option).Value;
            if (saved != value)
            {
                return saved is null
                    ? $"it does not record {option}"
                    : $"it was made with {option} {saved}, but this run has {option} {value}";
            }
        }

        return null;
    }
}
