using System.Numerics;
using CharRnn.CompilerServices;

namespace CharRnn.Training.Cells;

/// <summary>
/// Inverted dropout between layers and before the output layer, as char-rnn places it: each unit is zeroed with
/// probability p and the survivors scaled by 1/(1−p), so evaluation needs no rescaling. Masks derive from a seed
/// alone (the trainer's seed mixed with the step and the first stream), so a resumed run draws the same masks with
/// no generator state in its checkpoint.
/// </summary>
internal static class Dropout
{
    /// <summary>The seed of one chunk's masks for the streams starting at <paramref name="firstStream"/>.</summary>
    public static ulong ChunkSeed(ulong seed, long step, int firstStream) =>
        seed ^ ((ulong)step * 0x9E3779B97F4A7C15UL) ^ ((ulong)(firstStream + 1) * 0xBF58476D1CE4E5B9UL);

    /// <summary>Fills <paramref name="mask"/> with 0 or 1/(1−p).</summary>
    public static void FillMask<T>(Span<T> mask, float probability, ref CharRnnRandom random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T kept = T.One / (T.One - T.CreateTruncating(probability));
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextSingle() < probability ? T.Zero : kept;
        }
    }
}
