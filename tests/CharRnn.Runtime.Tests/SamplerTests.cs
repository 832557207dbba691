using CharRnn.CompilerServices;
using CharRnn.Kernels;

namespace CharRnn.Runtime.Tests;

public class SamplerTests
{
    [Fact]
    public void Greedy_takes_the_first_largest_logit_and_draws_nothing()
    {
        var random = new CharRnnRandom(1);
        float[] logits = [0.5f, 2f, -1f, 2f];
        int id = Sampler.Choose(logits, new float[4], new SamplingOptions { Greedy = true }, ref random);
        Assert.Equal(1, id);
        Assert.Equal(new CharRnnRandom(1).NextUInt64(), random.NextUInt64());
    }

    [Fact]
    public void Top_k_never_picks_outside_the_k_largest_and_breaks_ties_toward_lower_ids()
    {
        var options = new SamplingOptions { TopK = 2, Seed = 3 };
        var random = new CharRnnRandom(options.Seed);
        var seen = new HashSet<int>();
        for (int draw = 0; draw < 2000; draw++)
        {
            float[] logits = [1f, 3f, 3f, 3f, 0f];
            seen.Add(Sampler.Choose(logits, new float[5], options, ref random));
        }

        Assert.Equal([1, 2], seen.Order());
    }

    [Fact]
    public void Top_k_of_one_is_greedy()
    {
        var random = new CharRnnRandom(9);
        for (int draw = 0; draw < 200; draw++)
        {
            float[] logits = [0.1f, 0.3f, 0.2f];
            Assert.Equal(1, Sampler.Choose(logits, new float[3], new SamplingOptions { TopK = 1 }, ref random));
        }
    }

    [Fact]
    public void Draws_follow_the_softmax_at_the_given_temperature()
    {
        float[] raw = [0f, 1f, 2f];
        const float temperature = 0.8f;
        double[] softmax = Array.ConvertAll(raw, v => Math.Exp(v / temperature));
        double total = softmax.Sum();
        var counts = new int[3];
        var random = new CharRnnRandom(5);
        const int draws = 60_000;
        for (int draw = 0; draw < draws; draw++)
        {
            counts[Sampler.Choose((float[])raw.Clone(), new float[3], new SamplingOptions { Temperature = temperature }, ref random)]++;
        }

        for (int i = 0; i < 3; i++)
        {
            Assert.InRange(counts[i] / (double)draws, softmax[i] / total - 0.01, softmax[i] / total + 0.01);
        }
    }

    // Without top-k the weights are computed a vector at a time; they must be the scalar formula's bits, tail included,
    // with a NaN logit weighted 0 and a -inf logit kept.
    [Theory]
    [InlineData(65)]
    [InlineData(7)]
    [InlineData(96)]
    public void Weights_without_top_k_are_the_scalar_formula_bit_for_bit(int count)
    {
        float[] logits = TestArrays.Random(new Random(count), count, scale: 20);
        logits[count / 2] = float.NaN;
        logits[count - 1] = float.NegativeInfinity;
        const float temperature = 0.7f;
        float max = logits.Where(v => !float.IsNaN(v)).Max();
        float[] expected = Array.ConvertAll(logits, v => float.IsNaN(v) ? 0f : DeterministicMath.Exp((v - max) / temperature));
        var random = new CharRnnRandom(2);
        Sampler.Choose(logits, new float[count], new SamplingOptions { Temperature = temperature }, ref random);
        Assert.Equal(TestArrays.Bits(expected), TestArrays.Bits(logits));
    }

    // The draw is the spec's scan (docs/determinism.md): u = NextSingle() × the weights' sum in id order, then the first
    // id whose running sum exceeds u, or the last id with a weight when none does. Masks, top-k, NaN and infinite logits
    // (an infinite maximum makes NaN weights, whose draw falls back) take every branch of it.
    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(1, 0, true)]
    [InlineData(2, 5, false)]
    [InlineData(3, 5, true)]
    public void The_draw_is_the_specified_scan_over_the_weights(int seed, int topK, bool masked)
    {
        var source = new Random(seed);
        var options = new SamplingOptions { TopK = topK, Temperature = 1.3f };
        var random = new CharRnnRandom(4);
        for (int draw = 0; draw < 500; draw++)
        {
            float[] logits = TestArrays.Random(source, 65, scale: 6);
            logits[source.Next(65)] = draw % 7 == 0 ? float.PositiveInfinity : float.NaN;
            logits[source.Next(65)] = float.NegativeInfinity;
            bool[] drawable = masked ? [.. Enumerable.Range(0, 65).Select(_ => source.Next(4) != 0)] : [];
            drawable = drawable.Contains(true) || !masked ? drawable : [true, .. drawable[1..]];
            CharRnnRandom before = random;
            int id = Sampler.Choose(logits, new float[65], drawable, options, ref random);
            float[] weights = logits;
            float sum = 0f;
            foreach (float weight in weights)
            {
                sum += weight;
            }

            int first = masked ? Array.IndexOf(drawable, true) : 0;
            Assert.Equal(SpecifiedScan(weights, before.NextSingle() * sum, first), id);
        }
    }

    private static int SpecifiedScan(float[] weights, float u, int first)
    {
        float running = 0f;
        int last = first;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0f)
            {
                running += weights[i];
                last = i;
                if (u < running)
                {
                    return i;
                }
            }
        }

        return last;
    }

    [Theory]
    [InlineData(0f, 0)]
    [InlineData(-1f, 0)]
    [InlineData(float.NaN, 0)]
    [InlineData(float.PositiveInfinity, 0)]
    [InlineData(1f, -1)]
    public void Out_of_range_options_are_refused_with_the_option_named(float temperature, int topK)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { Temperature = temperature, TopK = topK }.Validate());
        Assert.Equal(topK < 0 ? "TopK" : "Temperature", error.ParamName);
    }
}
