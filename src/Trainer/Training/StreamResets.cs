namespace CharRnn.Training;

/// <summary>
/// When a training stream's carried state is zeroed besides the epoch's start (<see cref="TrainingOptions.StreamResetPeriod"/>):
/// stream s before chunk c when (c + ⌊s·N/B⌋) mod N = 0, so every stream starts cold once every N chunks and the
/// streams take turns, never all at once (a whole batch of cold starts is one step's gradient, and a jump in the loss).
/// </summary>
internal static class StreamResets
{
    public static bool IsDue(int stream, int chunk, int every, int streams) =>
        every > 0 && chunk > 0 && (chunk + (long)stream * every / streams) % every == 0;
}
