using CharRnn.Kernels;

namespace CharRnn.Runtime.Tests;

/// <summary>
/// The gate kernels at any vector width against plain scalar loops written from docs/determinism.md, bit for bit.
/// Sizes that are not multiples of the width run the vector body and the tail both.
/// </summary>
public class GateKernelsTests
{
    public static TheoryData<int> Sizes => [1, 7, 17, 33, 65];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Lstm_update_matches_the_scalar_order_bit_for_bit(int size)
    {
        var random = new Random(size);
        float[] gates = TestArrays.Random(random, 4 * size, scale: 12);
        float[] c = TestArrays.Random(random, size, scale: 3);
        float[] h = new float[size];
        float[] expectedC = (float[])c.Clone();
        float[] expectedH = new float[size];
        for (int k = 0; k < size; k++)
        {
            float i = DeterministicMath.Sigmoid(gates[k]);
            float f = DeterministicMath.Sigmoid(gates[size + k]);
            float g = DeterministicMath.Tanh(gates[(2 * size) + k]);
            float o = DeterministicMath.Sigmoid(gates[(3 * size) + k]);
            float kept = f * expectedC[k];
            float added = i * g;
            expectedC[k] = kept + added;
            expectedH[k] = o * DeterministicMath.Tanh(expectedC[k]);
        }

        LstmGates.Update(gates, c, h);
        Assert.Equal(TestArrays.Bits(expectedC), TestArrays.Bits(c));
        Assert.Equal(TestArrays.Bits(expectedH), TestArrays.Bits(h));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Gru_update_matches_the_scalar_order_bit_for_bit(int size)
    {
        var random = new Random(100 + size);
        float[] x = TestArrays.Random(random, 3 * size, scale: 12);
        float[] u = TestArrays.Random(random, 3 * size, scale: 12);
        float[] bhn = TestArrays.Random(random, size, scale: 2);
        float[] h = TestArrays.Random(random, size);
        float[] expected = new float[size];
        for (int k = 0; k < size; k++)
        {
            float r = DeterministicMath.Sigmoid(x[k] + u[k]);
            float z = DeterministicMath.Sigmoid(x[size + k] + u[size + k]);
            float recurrent = u[(2 * size) + k] + bhn[k];
            float n = DeterministicMath.Tanh(x[(2 * size) + k] + (r * recurrent));
            float fresh = (1f - z) * n;
            float kept = z * h[k];
            expected[k] = fresh + kept;
        }

        GruGates.Update(x, u, bhn, h);
        Assert.Equal(TestArrays.Bits(expected), TestArrays.Bits(h));
    }

    [Fact]
    public void Mismatched_shapes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LstmGates.Update(new float[12], new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => LstmGates.Update(new float[15], new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => GruGates.Update(new float[12], new float[12], new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => GruGates.Update(new float[9], new float[12], new float[4], new float[4]));
    }
}
