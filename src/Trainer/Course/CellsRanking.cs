namespace CharRnn.Training.Course;

/// <summary>A unit and its Pearson correlation with one feature.</summary>
internal readonly record struct RankedUnit(int Unit, double R);

/// <summary>A feature and every unit's r with it (NaN where undefined).</summary>
internal sealed record FeatureCorrelations(CellsFeature Feature, double[] R)
{
    /// <summary>The <paramref name="count"/> units with the largest |r|, strongest first (ties: lower unit first); undefined r never ranks.</summary>
    public RankedUnit[] Top(int count) =>
        [.. R.Select((r, unit) => new RankedUnit(unit, r))
            .Where(ranked => !double.IsNaN(ranked.R))
            .OrderByDescending(ranked => Math.Abs(ranked.R)).ThenBy(ranked => ranked.Unit)
            .Take(count)];
}

/// <summary>Pearson correlations between units' activations and per-character features, and the units ranked by them.</summary>
internal static class CellsRanking
{
    /// <summary>
    /// Pearson's r of <paramref name="x"/> and <paramref name="y"/> (same length), or NaN when either is constant
    /// (a feature absent from the text, a dead unit): r is undefined there, not 0.
    /// </summary>
    public static double Pearson(ReadOnlySpan<float> x, ReadOnlySpan<double> y)
    {
        double meanX = 0, meanY = 0;
        bool constantX = true, constantY = true; // tested exactly: a rounded mean would leave a constant a tiny variance
        for (int t = 0; t < x.Length; t++)
        {
            meanX += x[t];
            meanY += y[t];
            constantX &= x[t] == x[0];
            constantY &= y[t] == y[0];
        }

        if (constantX || constantY)
        {
            return double.NaN;
        }

        meanX /= x.Length;
        meanY /= y.Length;
        double xy = 0, xx = 0, yy = 0;
        for (int t = 0; t < x.Length; t++)
        {
            double dx = x[t] - meanX, dy = y[t] - meanY;
            xy += dx * dy;
            xx += dx * dx;
            yy += dy * dy;
        }

        return Math.Clamp(xy / Math.Sqrt(xx * yy), -1, 1);
    }

    /// <summary>
    /// r of every unit with <paramref name="feature"/>; <paramref name="activations"/> is unit-major, each unit's
    /// values over the text one after another.
    /// </summary>
    public static FeatureCorrelations Correlate(float[] activations, int units, CellsFeature feature)
    {
        var r = new double[units];
        int length = feature.Values.Length;
        for (int unit = 0; unit < units; unit++)
        {
            r[unit] = Pearson(activations.AsSpan(unit * length, length), feature.Values);
        }

        return new FeatureCorrelations(feature, r);
    }
}
