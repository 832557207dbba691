namespace CharRnn;

/// <summary>What a generation with a <see cref="StopCondition"/> wrote and why it ended.</summary>
/// <param name="Written">
/// The UTF-16 chars written to the destination: the generated text, without the stop character or stop text unless
/// <see cref="StopCondition.IncludeStop"/> was set.
/// </param>
/// <param name="Reason">Which limit ended the generation.</param>
public readonly record struct GenerationResult(int Written, StopReason Reason)
{
    /// <summary>Whether both results wrote as much and stopped for the same reason.</summary>
    // Written out, like printing below, to keep enum comparers and reflection out of NativeAOT apps (see SamplingOptions).
    public bool Equals(GenerationResult other) => Written == other.Written && Reason == other.Reason;

    /// <inheritdoc/>
    public override int GetHashCode() => System.HashCode.Combine(Written, (int)Reason);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Written = {Written}, Reason = {EnumNames.Of(Reason)}");
        return true;
    }
}
