using CharRnn.Training.Course;

namespace CharRnn.Trainer.Tests;

/// <summary>The time-series exercise's data and its regression head.</summary>
public class SineSeriesTests
{
    [Fact]
    public void Without_noise_the_values_are_the_sine_and_the_levels_rise_with_the_values()
    {
        var series = new SineSeries(300, period: 30, noise: 0, seed: 1);
        Assert.Equal(series.Clean, series.Values);
        Assert.Equal(Math.Sin(2 * Math.PI * 7 / 30), series.Values[7], 12);
        int[] order = [.. Enumerable.Range(0, 300).OrderBy(t => series.Values[t])];
        for (int i = 1; i < order.Length; i++)
        {
            Assert.True(series.Ids[order[i]] >= series.Ids[order[i - 1]]);
        }

        Assert.InRange(series.Ids.Min(), 0, 4);
        Assert.InRange(series.Ids.Max(), SineSeries.Bins - 5, SineSeries.Bins - 1);
    }

    [Fact]
    public void The_noise_has_the_asked_for_spread_and_a_seed_repeats_it()
    {
        var series = new SineSeries(20_000, period: 30, noise: 0.2, seed: 3);
        double[] noise = [.. series.Values.Zip(series.Clean, (value, clean) => value - clean)];
        double mean = noise.Average();
        double deviation = Math.Sqrt(noise.Average(e => (e - mean) * (e - mean)));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(deviation, 0.19, 0.21);
        Assert.Equal(series.Values, new SineSeries(20_000, 30, 0.2, seed: 3).Values);
        Assert.NotEqual(series.Values, new SineSeries(20_000, 30, 0.2, seed: 4).Values);
    }

    [Fact]
    public void The_regression_heads_gradients_match_finite_differences()
    {
        const int Hidden = 3, Streams = 2;
        var head = new RegressionHead(Hidden);
        float[] last = [0.5f, -0.25f, 0.75f, -0.5f, 0.125f, 0.25f];
        double[] targets = [0.3, -0.7];
        var random = new Random(2);
        for (int i = 0; i < head.Parameters.Length; i++)
        {
            head.Parameters[i] = (float)(random.NextDouble() - 0.5);
        }

        double Loss(float[] states)
        {
            var predictions = new double[Streams];
            head.Forward(states, predictions);
            return predictions.Zip(targets, (y, t) => (y - t) * (y - t)).Average();
        }

        var predicted = new double[Streams];
        head.Forward(last, predicted);
        var hiddenGradient = new float[Streams * Hidden];
        Assert.Equal(Loss(last), head.Backward(last, predicted, targets, hiddenGradient), 6);
        const float Step = 1e-2f; // the loss is quadratic in each parameter and state: central differences are exact up to rounding
        for (int i = 0; i < head.Parameters.Length; i++)
        {
            float saved = head.Parameters[i];
            head.Parameters[i] = saved + Step;
            double up = Loss(last);
            head.Parameters[i] = saved - Step;
            double down = Loss(last);
            head.Parameters[i] = saved;
            Assert.Equal((up - down) / (2 * Step), head.Gradients[i], 3);
        }

        for (int i = 0; i < last.Length; i++)
        {
            float[] moved = (float[])last.Clone();
            moved[i] += Step;
            double up = Loss(moved);
            moved[i] -= 2 * Step;
            Assert.Equal((up - Loss(moved)) / (2 * Step), hiddenGradient[i], 3);
        }
    }
}
