using System.ComponentModel;
using System.Numerics;
using CharRnn.Kernels;

namespace CharRnn.CompilerServices;

/// <summary>
/// Chooses the next character id from the output logits (for generated code and the dynamic path). Every sum and scan runs in id order, and the weights are
/// the same bits at every vector width, so the choice is the same on every machine (docs/determinism.md spells out
/// each step).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Sampler
{
    /// <summary>
    /// Picks an id: greedy takes the first largest logit; otherwise keep the top-k logits (ties to the lower id),
    /// weight each kept id by <c>exp((logit − max) / temperature)</c>, draw <c>u = NextSingle() × Σ weights</c> and
    /// return the first id whose running sum exceeds u.
    /// </summary>
    /// <param name="logits">The model's output; overwritten with the unnormalised probabilities.</param>
    /// <param name="scratch">Work space at least as long as <paramref name="logits"/>.</param>
    /// <param name="options">Options that passed <see cref="SamplingOptions.Validate"/>; the session checks them once, not per character.</param>
    /// <param name="random">The random stream; advanced by one draw unless greedy.</param>
    public static int Choose(Span<float> logits, Span<float> scratch, in SamplingOptions options, ref CharRnnRandom random) =>
        Choose(logits, scratch, default, options, ref random);

    /// <summary>
    /// Picks an id as the overload without a mask does, after giving every id that is not drawable the logit −∞ (so
    /// it never sets the maximum or takes a top-k place from a drawable id) and then the weight 0 (so it is never
    /// drawn); greedy and the fallback start from the first drawable id.
    /// </summary>
    /// <param name="logits">The model's output; overwritten with the unnormalised probabilities.</param>
    /// <param name="scratch">Work space at least as long as <paramref name="logits"/>.</param>
    /// <param name="drawable">One flag per id from <see cref="SessionSetup.Prepare"/>, or empty when every id may be drawn.</param>
    /// <param name="options">Options that passed <see cref="SamplingOptions.Validate"/>.</param>
    /// <param name="random">The random stream; advanced by one draw unless greedy.</param>
    public static int Choose(
        Span<float> logits, Span<float> scratch, ReadOnlySpan<bool> drawable, in SamplingOptions options, ref CharRnnRandom random)
    {
        int first = drawable.IsEmpty ? 0 : Mask(logits, drawable);
        if (options.Greedy)
        {
            return ArgMax(logits, first);
        }

        int count = logits.Length;
        float threshold = float.NegativeInfinity;
        int equalsToKeep = count;
        bool topK = options.TopK > 0 && options.TopK < count;
        if (topK)
        {
            (threshold, equalsToKeep) = TopKThreshold(logits, scratch[..count], options.TopK);
        }

        float max = topK ? MaxOfKept(logits, threshold, equalsToKeep) : Max(logits);
        Span<float> running = scratch[..count];
        float sum = 0f;
        if (topK)
        {
            int equalsSeen = 0;
            for (int i = 0; i < count; i++)
            {
                // Keeps first: it counts the ties it keeps, masked ones (at −∞) included.
                float weight = Keeps(logits[i], threshold, equalsToKeep, ref equalsSeen) && (drawable.IsEmpty || drawable[i])
                    ? DeterministicMath.Exp((logits[i] - max) / options.Temperature)
                    : 0f;
                logits[i] = weight;
                sum += weight;
                running[i] = sum;
            }
        }
        else
        {
            sum = WeighEveryId(logits, running, max, options.Temperature);
            if (!drawable.IsEmpty)
            {
                sum = ZeroMasked(logits, running, drawable);
            }
        }

        return Draw(logits, running, random.NextSingle() * sum, first);
    }

    // The first id whose running sum exceeds u. The sums were added in id order as the weights were made, so this is
    // the scan the spec describes without a second chain of additions; a sum grows only at an id with a weight, so
    // the id found has one.
    private static int Draw(ReadOnlySpan<float> weights, ReadOnlySpan<float> running, float u, int first)
    {
        for (int i = 0; i < running.Length; i++)
        {
            if (u < running[i])
            {
                return i;
            }
        }

        // u can reach the sum only through rounding; the last id with a weight is the honest answer.
        for (int i = weights.Length - 1; i >= 0; i--)
        {
            if (weights[i] > 0f)
            {
                return i;
            }
        }

        return first;
    }

    // The largest logit, NaNs ignored (−∞ when every logit is NaN or −∞). The order of the comparisons cannot change
    // it: equal values differ in bits only as +0 and −0, and logit − max is the same for every logit either way.
    private static float Max(ReadOnlySpan<float> logits)
    {
        var largest = new Vector<float>(float.NegativeInfinity);
        int i = 0;
        for (; i <= logits.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var logit = new Vector<float>(logits[i..]);
            largest = Vector.ConditionalSelect(Vector.GreaterThan(logit, largest), logit, largest);
        }

        float max = float.NegativeInfinity;
        for (int lane = 0; lane < Vector<float>.Count; lane++)
        {
            max = largest[lane] > max ? largest[lane] : max;
        }

        for (; i < logits.Length; i++)
        {
            max = logits[i] > max ? logits[i] : max;
        }

        return max;
    }

    // The largest logit top-k keeps.
    private static float MaxOfKept(ReadOnlySpan<float> logits, float threshold, int equalsToKeep)
    {
        float max = float.NegativeInfinity;
        int equalsSeen = 0;
        foreach (float logit in logits)
        {
            if (Keeps(logit, threshold, equalsToKeep, ref equalsSeen) && logit > max)
            {
                max = logit;
            }
        }

        return max;
    }

    // Gives every id that may not be drawn the logit −∞; returns the first id that may.
    private static int Mask(Span<float> logits, ReadOnlySpan<bool> drawable)
    {
        for (int i = 0; i < logits.Length; i++)
        {
            if (!drawable[i])
            {
                logits[i] = float.NegativeInfinity;
            }
        }

        return drawable.IndexOf(true);
    }

    // A masked id's weight is 0: Exp clamps its input, so Exp(−∞) is a tiny positive weight, which a draw of u = 0
    // would take. Writes the running sums of the weights left, in id order, and returns their total.
    private static float ZeroMasked(Span<float> weights, Span<float> running, ReadOnlySpan<bool> drawable)
    {
        float sum = 0f;
        for (int i = 0; i < weights.Length; i++)
        {
            if (!drawable[i])
            {
                weights[i] = 0f;
            }

            sum += weights[i];
            running[i] = sum;
        }

        return sum;
    }

    // Without top-k every id is kept except a NaN logit: w = exp((logit − max) / T), else 0. Whole vectors use the
    // vector exp, which gives the scalar form's bits, so the weights are the same at every vector width. Writes their
    // running sums, still added in id order, from the vectors as they are made (reading them back from memory right
    // after the vector stores would wait for each store to land), and returns the total.
    private static float WeighEveryId(Span<float> logits, Span<float> running, float max, float temperature)
    {
        Vector<float> maxVector = new(max), temperatureVector = new(temperature);
        float sum = 0f;
        int i = 0;
        for (; i <= logits.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            Vector<float> logit = new(logits[i..]);
            Vector<float> weight = Vector.ConditionalSelect(Vector.Equals(logit, logit),
                DeterministicMath.Exp((logit - maxVector) / temperatureVector), Vector<float>.Zero);
            weight.CopyTo(logits[i..]);
            for (int lane = 0; lane < Vector<float>.Count; lane++)
            {
                sum += weight[lane];
                running[i + lane] = sum;
            }
        }

        for (; i < logits.Length; i++)
        {
            logits[i] = float.IsNaN(logits[i]) ? 0f : DeterministicMath.Exp((logits[i] - max) / temperature);
            sum += logits[i];
            running[i] = sum;
        }

        return sum;
    }

    /// <summary>The index of the first largest value at or after <paramref name="start"/>.</summary>
    internal static int ArgMax(ReadOnlySpan<float> values, int start = 0)
    {
        int best = start;
        for (int i = start + 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    // Top-k keeps every logit above the k-th largest value and, of those equal to it, the lowest ids.
    private static (float Threshold, int EqualsToKeep) TopKThreshold(ReadOnlySpan<float> logits, Span<float> scratch, int k)
    {
        logits.CopyTo(scratch);
        scratch.Sort();
        float threshold = scratch[scratch.Length - k];
        int above = 0;
        foreach (float value in logits)
        {
            if (value > threshold)
            {
                above++;
            }
        }

        return (threshold, k - above);
    }

    private static bool Keeps(float logit, float threshold, int equalsToKeep, ref int equalsSeen)
    {
        if (logit > threshold)
        {
            return true;
        }

        if (logit == threshold && equalsSeen < equalsToKeep)
        {
            equalsSeen++;
            return true;
        }

        return false;
    }
}
