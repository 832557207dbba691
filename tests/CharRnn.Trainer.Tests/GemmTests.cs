using CharRnn.Kernels;
using CharRnn.Inference;
using CharRnn.Training.Numerics;

namespace CharRnn.Trainer.Tests;

public class GemmTests
{
    // Shapes that exercise the 4-row tiles, the single rows and the zero-padded last panel (widths that are no multiple
    // of a vector, odd inner lengths); the last one several row blocks, several inner blocks and rows of A a page
    // (4 KiB) apart, which are packed before use.
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 3, 16)]
    [InlineData(7, 5, 37)]
    [InlineData(9, 300, 65)]
    [InlineData(1, 100, 100)]
    [InlineData(6, 129, 8)]
    [InlineData(133, 520, 37)]
    public void Products_match_the_textbook_loops(int rows, int inner, int columns)
    {
        var random = new Random(rows * 1000 + columns);
        double[] a = Random(random, rows * inner), aTransposed = new double[a.Length], b = Random(random, inner * columns);
        WeightLayout.Transpose<double>(a, rows, inner, aTransposed);
        double[] c = Random(random, rows * columns);
        double[] expected = (double[])c.Clone();
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                for (int k = 0; k < inner; k++)
                {
                    expected[r * columns + j] += a[r * inner + k] * b[k * columns + j];
                }
            }
        }

        double[] bTransposed = new double[b.Length];
        WeightLayout.Transpose<double>(b, inner, columns, bTransposed);
        double[] plain = (double[])c.Clone(), transposed = (double[])c.Clone(), packed = (double[])c.Clone();
        double[] packedFromTranspose = (double[])c.Clone();
        Gemm.MultiplyAdd<double>(a, b, plain, rows, inner, columns);
        Gemm.TransposedMultiplyAdd<double>(aTransposed, b, transposed, rows, inner, columns);
        var packedB = new PackedMatrix<double>(inner, columns);
        packedB.Pack(b);
        Gemm.MultiplyAdd<double>(a, packedB, packed, rows);
        packedB.PackTransposed(bTransposed);
        Gemm.MultiplyAdd<double>(a, packedB, packedFromTranspose, rows);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], plain[i], 1e-9);
            Assert.Equal(expected[i], transposed[i], 1e-9);
            Assert.Equal(expected[i], packed[i], 1e-9);
            Assert.Equal(packed[i], packedFromTranspose[i]);
        }
    }

    [Fact]
    public void Wrong_lengths_are_rejected() =>
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAdd<float>(new float[5], new float[6], new float[4], 2, 3, 2));

    private static double[] Random(Random random, int length) => [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5)];
}
