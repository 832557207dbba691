namespace CharRnn;

/// <summary>The seed of each sample in a series (docs/determinism.md, "Many samples").</summary>
internal static class SampleSeeds
{
    /// <summary>
    /// Sample 0 keeps the seed, so a series starts with the text a single sample gives. Any other index is spread over
    /// the seed by an odd multiplier (distinct indexes stay distinct) and then mixed by SplitMix64's finalizer, so that
    /// neighbouring samples seed unrelated streams.
    /// </summary>
    public static ulong Derive(ulong seed, int index)
    {
        if (index == 0)
        {
            return seed;
        }

        ulong z = seed ^ ((ulong)index * 0xD1B54A32D192ED03UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
