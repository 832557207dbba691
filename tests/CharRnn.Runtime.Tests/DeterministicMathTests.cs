using System.Numerics;
using CharRnn.Kernels;

namespace CharRnn.Runtime.Tests;

public class DeterministicMathTests
{
    public static TheoryData<float> SpecialInputs => new()
    {
        0f, -0f, 1e-30f, -1e-30f, 1e-7f, 0.5f, -0.5f, 1f, 8.99f, 9f, 9.01f, 20f, -20f,
        -87.33f, -100f, 88.37f, 100f, float.Epsilon, float.MaxValue, float.MinValue,
    };

    [Fact]
    public void Vector_exp_tanh_and_sigmoid_give_the_scalar_bits_in_every_lane()
    {
        float[] inputs = Inputs();
        int lanes = Vector<float>.Count;
        for (int i = 0; i + lanes <= inputs.Length; i += lanes)
        {
            var x = new Vector<float>(inputs, i);
            Vector<float> exp = DeterministicMath.Exp(x);
            Vector<float> tanh = DeterministicMath.Tanh(x);
            Vector<float> sigmoid = DeterministicMath.Sigmoid(x);
            for (int lane = 0; lane < lanes; lane++)
            {
                float input = inputs[i + lane];
                Assert.Equal(BitConverter.SingleToInt32Bits(DeterministicMath.Exp(input)), BitConverter.SingleToInt32Bits(exp[lane]));
                Assert.Equal(BitConverter.SingleToInt32Bits(DeterministicMath.Tanh(input)), BitConverter.SingleToInt32Bits(tanh[lane]));
                Assert.Equal(BitConverter.SingleToInt32Bits(DeterministicMath.Sigmoid(input)), BitConverter.SingleToInt32Bits(sigmoid[lane]));
            }
        }
    }

    [Fact]
    public void Exp_is_accurate_to_a_few_ulp_where_it_is_not_clamped()
    {
        foreach (float x in Inputs())
        {
            if (x < -87f || x > 88f)
            {
                continue;
            }

            double expected = Math.Exp(x);
            Assert.True(Math.Abs(DeterministicMath.Exp(x) - expected) <= 4e-7 * expected, $"exp({x})");
        }
    }

    [Fact]
    public void Tanh_is_accurate_to_within_2e_7_absolute()
    {
        foreach (float x in Inputs())
        {
            Assert.True(Math.Abs(DeterministicMath.Tanh(x) - Math.Tanh(x)) <= 2e-7, $"tanh({x})");
        }
    }

    [Fact]
    public void Sigmoid_is_accurate_to_within_2e_7_absolute()
    {
        foreach (float x in Inputs())
        {
            Assert.True(Math.Abs(DeterministicMath.Sigmoid(x) - (1 / (1 + Math.Exp(-x)))) <= 2e-7, $"sigmoid({x})");
        }
    }

    [Theory]
    [MemberData(nameof(SpecialInputs))]
    public void Special_inputs_stay_finite_and_keep_tanhs_sign(float x)
    {
        float tanh = DeterministicMath.Tanh(x);
        Assert.True(float.IsFinite(DeterministicMath.Exp(x)));
        Assert.InRange(tanh, -1f, 1f);
        Assert.Equal(float.IsNegative(x), float.IsNegative(tanh));
        Assert.InRange(DeterministicMath.Sigmoid(x), 0f, 1f);
    }

    [Fact]
    public void Sigmoid_saturates_to_exactly_one_and_to_a_tiny_positive_value_at_the_ends()
    {
        float[] huge = [17f, 100f, float.MaxValue, float.PositiveInfinity];
        float[] hugeNegative = [-88.37f, -100f, float.MinValue, float.NegativeInfinity];
        Assert.All(huge, x => Assert.Equal(1f, DeterministicMath.Sigmoid(x)));
        Assert.All(hugeNegative, x => Assert.InRange(DeterministicMath.Sigmoid(x), float.Epsilon, 1e-38f));
        Assert.Equal(0.5f, DeterministicMath.Sigmoid(0f));
        Assert.Equal(0.5f, DeterministicMath.Sigmoid(-0f));
        var lanes = new Vector<float>(float.NegativeInfinity);
        Assert.Equal(DeterministicMath.Sigmoid(float.NegativeInfinity), DeterministicMath.Sigmoid(lanes)[0]);
    }

    private static float[] Inputs()
    {
        var random = new Random(11);
        var inputs = new float[4096];
        for (int i = 0; i < inputs.Length; i++)
        {
            // Mostly the range activations live in, plus wide values and tiny ones.
            inputs[i] = (i % 4) switch
            {
                0 => (float)(random.NextDouble() * 20 - 10),
                1 => (float)(random.NextDouble() * 200 - 100),
                2 => (float)((random.NextDouble() * 2 - 1) * 1e-3),
                _ => (float)(random.NextDouble() * 4 - 2),
            };
        }

        return inputs;
    }
}
