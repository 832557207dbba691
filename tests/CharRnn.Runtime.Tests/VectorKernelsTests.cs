using CharRnn.Kernels;

namespace CharRnn.Runtime.Tests;

public class VectorKernelsTests
{
    // A plain loop written from the documented order: start from y, add x[j]·Wt[j, i] for j = 0, 1, ...
    // Any vector width must reproduce it bit for bit, tails included.
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(17, 33)]
    [InlineData(65, 128)]
    [InlineData(128, 65)]
    public void MultiplyAccumulate_matches_the_scalar_order_bit_for_bit(int inputs, int outputs)
    {
        var random = new Random(inputs * 1000 + outputs);
        float[] weights = RandomArray(random, inputs * outputs);
        float[] x = RandomArray(random, inputs);
        float[] y = RandomArray(random, outputs);
        float[] expected = (float[])y.Clone();
        for (int j = 0; j < inputs; j++)
        {
            for (int i = 0; i < outputs; i++)
            {
                float product = weights[j * outputs + i] * x[j];
                expected[i] = expected[i] + product;
            }
        }

        VectorKernels.MultiplyAccumulate(weights, x, y);
        Assert.Equal(Bits(expected), Bits(y));
    }

    [Fact]
    public void Tanh_kernel_matches_the_scalar_function_including_the_tail()
    {
        var random = new Random(5);
        float[] x = RandomArray(random, 37, scale: 6);
        float[] y = new float[x.Length];
        VectorKernels.Tanh(x, y);
        Assert.Equal(Bits(Array.ConvertAll(x, DeterministicMath.Tanh)), Bits(y));
    }

    [Fact]
    public void Mismatched_shapes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => VectorKernels.MultiplyAccumulate(new float[6], new float[2], new float[4]));
        Assert.Throws<ArgumentException>(() => VectorKernels.Add(new float[3], new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => VectorKernels.Tanh(new float[3], new float[4]));
    }

    private static float[] RandomArray(Random random, int length, float scale = 1f)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        return values;
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
