using CharRnn.CompilerServices;

namespace CharRnn.Training.Course;

/// <summary>
/// The time-series exercise's data: <c>x_t = sin(2πt / period) + noise·ε_t</c> with Gaussian ε, and the same
/// values as ids of <see cref="Bins"/> equal-width levels, so the network reads them one-hot as it reads
/// characters (the cells' layer 0 is a lookup of one Wxh column per id).
/// </summary>
internal sealed class SineSeries
{
    /// <summary>Input levels: fine enough (0.04 apart for a noise of 0.1) that the rounding is small beside the noise.</summary>
    public const int Bins = 64;

    public SineSeries(int length, double period, double noise, ulong seed)
    {
        var random = new CharRnnRandom(seed);
        Noise = noise;
        Clean = new double[length];
        Values = new double[length];
        Ids = new int[length];
        // The levels span ±(1 + 3·noise): all but about 0.3% of the values; the rest take the end levels.
        double range = 1 + 3 * noise;
        for (int t = 0; t < length; t++)
        {
            Clean[t] = Math.Sin(2 * Math.PI * t / period);
            Values[t] = Clean[t] + noise * Gaussian(ref random);
            Ids[t] = Math.Clamp((int)Math.Floor((Values[t] + range) / (2 * range) * Bins), 0, Bins - 1);
        }
    }

    /// <summary>The standard deviation of the noise: no prediction of a noisy value beats an MSE of noise².</summary>
    public double Noise { get; }

    /// <summary>The sine without noise.</summary>
    public double[] Clean { get; }

    /// <summary>The noisy values, the inputs and the targets.</summary>
    public double[] Values { get; }

    /// <summary>Each value's level, 0..<see cref="Bins"/>−1, as the network reads it.</summary>
    public int[] Ids { get; }

    // Box–Muller from two uniform draws in (0, 1].
    private static double Gaussian(ref CharRnnRandom random)
    {
        double u = 1 - random.NextSingle(), v = random.NextSingle();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
