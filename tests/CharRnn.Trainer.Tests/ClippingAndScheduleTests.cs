using CharRnn.Training;

namespace CharRnn.Trainer.Tests;

public class ClippingAndScheduleTests
{
    [Fact]
    public void Value_clipping_bounds_each_element()
    {
        float[] g = [3, -7, 0.5f];
        GradientClipping.Clip(g, ClipMode.Value, 2, GradientClipping.Norm(g));
        Assert.Equal([2, -2, 0.5f], g);
    }

    [Fact]
    public void Norm_clipping_scales_the_whole_gradient_to_the_bound_and_keeps_its_direction()
    {
        float[] g = [3, -4];
        double norm = GradientClipping.Norm(g);
        Assert.Equal(5, norm);
        GradientClipping.Clip(g, ClipMode.Norm, 1, norm);
        Assert.Equal(0.6f, g[0], 1e-6f);
        Assert.Equal(-0.8f, g[1], 1e-6f);
    }

    [Fact]
    public void Norm_clipping_leaves_a_gradient_within_the_bound_alone()
    {
        float[] g = [0.3f, -0.4f];
        GradientClipping.Clip(g, ClipMode.Norm, 1, GradientClipping.Norm(g));
        Assert.Equal([0.3f, -0.4f], g);
    }

    [Fact]
    public void The_norm_of_a_gradient_with_a_nan_or_an_infinity_is_not_finite()
    {
        Assert.True(double.IsNaN(GradientClipping.Norm([1, float.NaN])));
        Assert.True(double.IsPositiveInfinity(GradientClipping.Norm([1, float.NegativeInfinity])));
        Assert.True(double.IsFinite(GradientClipping.Norm([float.MaxValue, float.MaxValue]))); // summed in double
    }

    [Fact]
    public void The_norm_is_the_root_of_the_sum_of_squares_for_any_length()
    {
        for (int length = 0; length < 11; length++)
        {
            float[] g = [.. Enumerable.Range(1, length).Select(i => (float)i)];
            Assert.Equal(Math.Sqrt(Enumerable.Range(1, length).Sum(i => (double)i * i)), GradientClipping.Norm(g));
        }
    }

    [Fact]
    public void The_learning_rate_decays_after_every_epoch_once_the_first_ones_are_done()
    {
        var schedule = new LearningRateSchedule(0.002, 0.97, 10);
        Assert.All(Enumerable.Range(1, 10), epoch => Assert.Equal(0.002, schedule.RateFor(epoch)));
        Assert.Equal(0.002 * 0.97, schedule.RateFor(11));
        Assert.Equal(0.002 * 0.97 * 0.97, schedule.RateFor(12));
        Assert.Equal(schedule.RateFor(2) * 0.97, new LearningRateSchedule(0.002, 0.97, 0).RateFor(2));
        Assert.Equal(0.002, new LearningRateSchedule(0.002, 1, 0).RateFor(50));
    }

    [Fact]
    public void The_cooldown_lowers_the_rate_linearly_to_zero_over_the_last_share_of_the_steps()
    {
        var cooldown = new LearningRateCooldown(0.2, 1000, null);
        Assert.All(new long[] { 0, 500, 800 }, step => Assert.Equal(1, cooldown.FactorAt(step, TimeSpan.FromHours(5))));
        Assert.Equal(0.5, cooldown.FactorAt(900, TimeSpan.Zero), 12);
        Assert.Equal(0.05, cooldown.FactorAt(990, TimeSpan.Zero), 12);
        Assert.Equal(0, cooldown.FactorAt(1000, TimeSpan.Zero));
        Assert.Equal(1, new LearningRateCooldown(0, 1000, null).FactorAt(999, TimeSpan.Zero));
    }

    [Fact]
    public void The_cooldown_follows_the_nearest_limit()
    {
        var timed = new LearningRateCooldown(0.5, null, TimeSpan.FromSeconds(100));
        Assert.Equal(1, timed.FactorAt(1_000_000, TimeSpan.FromSeconds(40)));
        Assert.Equal(0.6, timed.FactorAt(0, TimeSpan.FromSeconds(70)), 12);
        var both = new LearningRateCooldown(0.5, 100, TimeSpan.FromSeconds(100));
        Assert.Equal(0.2, both.FactorAt(90, TimeSpan.FromSeconds(10)), 12); // the steps run out first
        Assert.Equal(0.2, both.FactorAt(10, TimeSpan.FromSeconds(90)), 12); // the time does

        TrainingOptions options = new() { CorpusPath = "c.txt", OutputPath = "m.charrnn", Epochs = 3, MaxSteps = 500 };
        Assert.Equal(new LearningRateCooldown(0.2, 300, null), LearningRateCooldown.For(options, stepsPerEpoch: 100));
        Assert.Equal(new LearningRateCooldown(0.2, 500, null), LearningRateCooldown.For(options with { Epochs = null }, 100));
        Assert.Equal(new LearningRateCooldown(0.2, null, TimeSpan.FromMinutes(15)),
            LearningRateCooldown.For(options with { Epochs = null, MaxSteps = null, TimeBudget = TimeSpan.FromMinutes(15) }, 100));
    }
}
