using CharRnn.Kernels;

namespace CharRnn.Runtime.Tests;

public class Int8ProductTests
{
    public static TheoryData<string> Paths() => [.. Enum.GetNames<Int8Product.Path>()];

    public static TheoryData<string, int, int> PathsAndShapes()
    {
        // Whole panels of 32 rows and last panels of 1 to 3 vectors of 8, whole and partial groups of 4 inputs, an odd
        // number of pairs of groups, a readout's 65 rows.
        (int Rows, int Columns)[] shapes = [(1, 1), (3, 5), (32, 4), (33, 7), (65, 256), (96, 45), (88, 45), (624, 208), (7, 1025)];
        var data = new TheoryData<string, int, int>();
        foreach (string path in Enum.GetNames<Int8Product.Path>())
        {
            foreach ((int rows, int columns) in shapes)
            {
                data.Add(path, rows, columns);
            }
        }

        return data;
    }

    // The spec's arithmetic written plainly from row-major values (docs/determinism.md, "Int8 models"): every path
    // this machine has must give the same bits. A path the machine lacks is reported as passing without running.
    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    public void Every_path_gives_the_specified_bits(string pathName, int rows, int columns)
    {
        if (!Supported(pathName, out Int8Product.Path path))
        {
            return;
        }

        var random = new Random((rows * 7919) + columns);
        sbyte[] values = RandomValues(random, rows * columns);
        float[] scales = [.. Enumerable.Range(0, rows).Select(_ => (float)(random.NextDouble() * 0.02) + 1e-4f)];
        float[] x = TestArrays.Random(random, columns);
        float[] y = TestArrays.Random(random, rows);
        AssertMatchesSpec(path, values, scales, x, y);
    }

    // Rounding the input to int8 at the edges, in the vector loop and in its scalar tail: NaN, with a payload too (0),
    // infinities and huge values (±127), ties (to even), and values just past ±1.
    [Theory]
    [MemberData(nameof(Paths))]
    public void Inputs_at_the_edges_round_as_specified(string pathName)
    {
        if (!Supported(pathName, out Int8Product.Path path))
        {
            return;
        }

        float[] edges =
        [
            float.NaN, BitConverter.Int32BitsToSingle(0x7FC00003), float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f,
            127.5f / 127, 0.5f / 127, 1.5f / 127, -0.5f / 127, 2.5f / 127, -2.5f / 127, 126.5f / 127,
            1.0000001f, -1.0000001f, 1f, -1f, 0f, -0f,
        ];
        float[] x = [.. edges, .. edges, .. edges, .. edges];
        const int Rows = 40;
        var random = new Random(5);
        sbyte[] values = RandomValues(random, Rows * x.Length);
        float[] scales = [.. Enumerable.Range(0, Rows).Select(_ => (float)(random.NextDouble() * 0.02) + 1e-4f)];
        AssertMatchesSpec(path, values, scales, x, new float[Rows]);
    }

    // The largest sums there are: every pair of products at 2·127·127, which pmaddubsw's 16 bits must hold.
    [Theory]
    [MemberData(nameof(Paths))]
    public void Extreme_values_do_not_saturate(string pathName)
    {
        if (!Supported(pathName, out Int8Product.Path path))
        {
            return;
        }

        const int Rows = 64, Columns = 4096;
        sbyte[] values = [.. Enumerable.Range(0, Rows * Columns).Select(i => (sbyte)((i / Columns) % 2 == 0 ? 127 : -127))];
        float[] x = [.. Enumerable.Range(0, Columns).Select(j => j % 3 == 0 ? -1f : 1f)];
        float[] scales = [.. Enumerable.Repeat(1f, Rows)];
        float[] y = new float[Rows];
        AssertMatchesSpec(path, values, scales, x, y);
        float[] packed = Run(path, values, scales, x, new float[Rows]);
        Assert.Equal(127f * 127 * (Columns - (2 * ((Columns + 2) / 3))) / 127, packed[0]);
    }

    // Whole vectors at every width and a tail: each row one product and one add, the plain loop's two roundings.
    [Theory]
    [InlineData(1)]
    [InlineData(65)]
    [InlineData(300)]
    public void A_one_hot_column_gives_the_plain_loops_bits(int rows)
    {
        var random = new Random(rows);
        const int Columns = 3, Column = 2;
        sbyte[] transposed = RandomValues(random, rows * Columns);
        float[] scales = [.. Enumerable.Range(0, rows).Select(_ => (float)(random.NextDouble() * 0.02) + 1e-4f)];
        float[] bias = TestArrays.Random(random, rows);
        var y = new float[rows];
        Int8Product.AddColumn(bias, transposed, scales, Column, y);
        float[] expected = [.. Enumerable.Range(0, rows).Select(r => bias[r] + (transposed[(Column * rows) + r] * scales[r]))];
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void A_one_hot_column_adds_its_scaled_values_to_the_bias()
    {
        sbyte[] transposed = [1, -2, 3, 127, -127, 0]; // two columns of three rows
        float[] scales = [0.5f, 0.25f, 2f];
        float[] bias = [1f, 1f, 1f];
        var y = new float[3];
        Int8Product.AddColumn(bias, transposed, scales, column: 1, y);
        Assert.Equal([1f + (127 * 0.5f), 1f + (-127 * 0.25f), 1f], y);
    }

    [Fact]
    public void Hidden_values_round_to_int8_with_ties_to_even()
    {
        // 127·x lands on halves: 0.5 → 0, 1.5 → 2, -2.5 → -2; and ±1 → ±127.
        float[] x = [0.5f / 127, 1.5f / 127, -2.5f / 127, 1f, -1f];
        sbyte[] identity = new sbyte[x.Length * x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            identity[(i * x.Length) + i] = 1;
        }

        float[] y = Run(Int8Product.Path.Scalar, identity, [.. Enumerable.Repeat(127f, x.Length)], x, new float[x.Length]);
        Assert.Equal([0f, 2f, -2f, 127f, -127f], y);
    }

    private static void AssertMatchesSpec(Int8Product.Path path, sbyte[] values, float[] scales, float[] x, float[] y)
    {
        int rows = scales.Length, columns = x.Length;
        int[] xq = [.. x.Select(v => Math.Clamp((int)MathF.Round(v * 127f, MidpointRounding.ToEven), -127, 127))];
        float[] expected = (float[])y.Clone();
        for (int r = 0; r < rows; r++)
        {
            int sum = 0;
            for (int j = 0; j < columns; j++)
            {
                sum += values[(r * columns) + j] * xq[j];
            }

            float term = (float)sum * scales[r];
            expected[r] = expected[r] + (term / 127f);
        }

        float[] actual = Run(path, values, scales, x, (float[])y.Clone());
        Assert.Equal(TestArrays.Bits(expected), TestArrays.Bits(actual));
    }

    private static float[] Run(Int8Product.Path path, sbyte[] values, float[] scales, float[] x, float[] y)
    {
        var packed = new sbyte[WeightLayout.ArrangedInt8Length(scales.Length, x.Length, oneHotInput: false)];
        WeightLayout.PackInt8(values, scales.Length, x.Length, packed);
        Int8Product.MultiplyAccumulate(path, packed, scales, x, y);
        return y;
    }

    // A path the machine lacks is reported as passing without running.
    private static bool Supported(string pathName, out Int8Product.Path path)
    {
        path = Enum.Parse<Int8Product.Path>(pathName);
        return Int8Product.IsSupported(path);
    }

    private static sbyte[] RandomValues(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (sbyte)random.Next(-127, 128))];
}
