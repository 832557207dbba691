using CharRnn.Inference;
using CharRnn.Kernels;

namespace CharRnn.Runtime.Tests;

public class VectorKernelsTests
{
    // A plain loop written from the documented order: start from y, add x[j]·Wt[j, i] for j = 0, 1, ...
    // Any vector width must reproduce it bit for bit, tails included: the shapes cover several whole panels, narrow
    // last panels, register blocks of 8 vectors, single vectors and scalar tails, at widths 4, 8 and 16.
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(17, 33)]
    [InlineData(65, 128)]
    [InlineData(128, 65)]
    [InlineData(37, 200)]
    [InlineData(5, 1007)]
    public void MultiplyAccumulate_matches_the_scalar_order_bit_for_bit(int inputs, int outputs)
    {
        var random = new Random(inputs * 1000 + outputs);
        float[] weights = TestArrays.Random(random, outputs * inputs); // row-major [outputs, inputs], as in a model file
        float[] x = TestArrays.Random(random, inputs);
        float[] y = TestArrays.Random(random, outputs);
        float[] expected = (float[])y.Clone();
        for (int j = 0; j < inputs; j++)
        {
            for (int i = 0; i < outputs; i++)
            {
                float product = weights[i * inputs + j] * x[j];
                expected[i] = expected[i] + product;
            }
        }

        var packed = new float[weights.Length];
        WeightLayout.Pack<float>(weights, outputs, inputs, packed);
        VectorKernels.MultiplyAccumulate(packed, x, y);
        Assert.Equal(TestArrays.Bits(expected), TestArrays.Bits(y));
    }

    [Fact]
    public void Tanh_kernel_matches_the_scalar_function_including_the_tail()
    {
        var random = new Random(5);
        float[] x = TestArrays.Random(random, 37, scale: 6);
        float[] y = new float[x.Length];
        VectorKernels.Tanh(x, y);
        Assert.Equal(TestArrays.Bits(Array.ConvertAll(x, DeterministicMath.Tanh)), TestArrays.Bits(y));
    }

    [Fact]
    public void Sigmoid_kernel_matches_the_scalar_function_including_the_tail()
    {
        float[] x = TestArrays.Random(new Random(6), 37, scale: 30);
        float[] y = new float[x.Length];
        VectorKernels.Sigmoid(x, y);
        Assert.Equal(TestArrays.Bits(Array.ConvertAll(x, DeterministicMath.Sigmoid)), TestArrays.Bits(y));
    }

    [Fact]
    public void Mismatched_shapes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => VectorKernels.MultiplyAccumulate(new float[6], new float[2], new float[4]));
        Assert.Throws<ArgumentException>(() => VectorKernels.Add(new float[3], new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => VectorKernels.Tanh(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => VectorKernels.Sigmoid(new float[3], new float[4]));
    }
}
