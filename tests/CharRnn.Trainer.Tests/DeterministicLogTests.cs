using CharRnn.Training.Numerics;

namespace CharRnn.Trainer.Tests;

public class DeterministicLogTests
{
    [Fact]
    public void It_is_within_a_few_ulp_of_the_C_runtimes_log_from_subnormals_to_the_largest_double()
    {
        var random = new Random(5);
        for (int i = 0; i < 100_000; i++)
        {
            double x = Math.Exp(random.NextDouble() * 1449 - 740); // 4e-322 (subnormal) to 1e308
            double expected = Math.Log(x), actual = DeterministicLog.Log(x);
            double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
            Assert.True(Math.Abs(actual - expected) <= 4 * ulp,
                $"ln {x:R}: {actual:R}, expected {expected:R}");
        }

        Assert.Equal(0.0, DeterministicLog.Log(1));
        Assert.Equal(Math.Log(double.Epsilon), DeterministicLog.Log(double.Epsilon), 12);
        Assert.Equal(Math.Log(double.MaxValue), DeterministicLog.Log(double.MaxValue), 12);
    }

    [Fact]
    public void Zero_negatives_infinity_and_NaN_give_the_special_values()
    {
        Assert.Equal(double.NegativeInfinity, DeterministicLog.Log(0));
        Assert.True(double.IsNaN(DeterministicLog.Log(-1)));
        Assert.True(double.IsNaN(DeterministicLog.Log(double.NaN)));
        Assert.Equal(double.PositiveInfinity, DeterministicLog.Log(double.PositiveInfinity));
    }
}
