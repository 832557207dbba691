using CharRnn.Inference;
using System.Runtime.Intrinsics;
using CharRnn.Kernels;

namespace CharRnn.Runtime.Tests;

public class VectorKernelsTests
{
    public static TheoryData<string, int, int> ProductShapes()
    {
        // Several whole panels, narrow last panels of every block size (4 and 1 vectors, single lanes), lanes carried
        // in the last whole panel with and without inputs left for the scalar finish, inputs in blocks of 32 with a
        // shorter last block (the two-pass 128-bit panels), at each width.
        (int Inputs, int Outputs)[] shapes = [(1, 1), (3, 7), (17, 33), (65, 128), (128, 65), (37, 200), (5, 1007), (64, 624), (2, 64), (1, 65), (3, 79), (70, 129)];
        var data = new TheoryData<string, int, int>();
        foreach (string width in new[] { "Vector<T>", "128", "128, 32 registers", "256", "512" })
        {
            foreach ((int inputs, int outputs) in shapes)
            {
                data.Add(width, inputs, outputs);
            }
        }

        return data;
    }

    // A plain loop written from the documented order: start from y, add x[j]·Wt[j, i] for j = 0, 1, ...
    // Every vector width must reproduce it bit for bit. Each width's kernel runs here whatever the machine has
    // (unaccelerated widths in software); "Vector<T>" is the width this process gives Vector<T>, the one the cells use.
    [Theory]
    [MemberData(nameof(ProductShapes))]
    public void MultiplyAccumulate_matches_the_scalar_order_bit_for_bit(string width, int inputs, int outputs)
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
        switch (width)
        {
            case "128": PackedProduct.MultiplyAccumulate<Width128, Vector128<float>>(packed, x, y, thirtyTwoRegisters: false); break;
            case "128, 32 registers": PackedProduct.MultiplyAccumulate<Width128, Vector128<float>>(packed, x, y, thirtyTwoRegisters: true); break;
            case "256": PackedProduct.MultiplyAccumulate<Width256, Vector256<float>>(packed, x, y, thirtyTwoRegisters: false); break;
            case "512": PackedProduct.MultiplyAccumulate<Width512, Vector512<float>>(packed, x, y, thirtyTwoRegisters: false); break;
            default: PackedProduct.MultiplyAccumulate(packed, x, y); break;
        }

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
        Assert.Throws<ArgumentException>(() => PackedProduct.MultiplyAccumulate(new float[6], new float[2], new float[4]));
        Assert.Throws<ArgumentException>(() => VectorKernels.Add(new float[3], new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => VectorKernels.Tanh(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => VectorKernels.Sigmoid(new float[3], new float[4]));
    }
}
