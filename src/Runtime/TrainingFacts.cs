namespace CharRnn;

/// <summary>What the trainer records about how a model was made; informative, not used for inference.</summary>
/// <param name="Corpus">The corpus file name (no directories).</param>
/// <param name="CharactersSeen">Training characters processed, counting repeats over epochs.</param>
/// <param name="TrainLoss">The last training loss, in nats per character.</param>
/// <param name="ValidationLoss">The last validation loss, in nats per character (NaN when there was none).</param>
/// <param name="Seed">The seed the run started from.</param>
public sealed record TrainingFacts(string Corpus, long CharactersSeen, double TrainLoss, double ValidationLoss, ulong Seed)
{
    /// <summary>Facts for a model that was not trained (tests, hand-made files).</summary>
    public static TrainingFacts None { get; } = new("none", 0, double.NaN, double.NaN, 0);
}
