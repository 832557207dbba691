namespace CharRnn;

/// <summary>What a generation with a <see cref="StopCondition"/> wrote and why it ended.</summary>
/// <param name="Written">
/// The UTF-16 chars written to the destination: the generated text, without the stop character or stop text unless
/// <see cref="StopCondition.IncludeStop"/> was set.
/// </param>
/// <param name="Reason">Which limit ended the generation.</param>
public readonly record struct GenerationResult(int Written, StopReason Reason);
