using System.ComponentModel;

namespace CharRnn.CompilerServices;

/// <summary>
/// The sampling PRNG: xoshiro256** (Blackman and Vigna, 2018) seeded by four outputs of SplitMix64.
/// Both are a few lines of 64-bit integer arithmetic, so any language reproduces the stream exactly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct CharRnnRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the generator: the state is four successive SplitMix64 outputs starting from <paramref name="seed"/>.</summary>
    public CharRnnRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// A uniform float in [0, 1): the top 24 bits of <see cref="NextUInt64"/> times 2^-24, which is exact in float32.
    /// </summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / 16777216f);

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        ulong z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong value, int count) => (value << count) | (value >> (64 - count));
}
