namespace CharRnn.Runtime.Tests;

public class Int8SessionTests
{
    public static TheoryData<CellType, int> CellsAndLayers => new()
    {
        { CellType.Rnn, 1 }, { CellType.Rnn, 2 }, { CellType.Lstm, 1 }, { CellType.Lstm, 3 }, { CellType.Gru, 1 }, { CellType.Gru, 2 },
    };

    // The int8 step differs from the float step of the same (dequantized) weights only by rounding each dense input
    // to int8, an error of at most 1/254 per value, which the steps carry on: the states stay within a few hundredths.
    [Theory]
    [MemberData(nameof(CellsAndLayers))]
    public void The_int8_step_follows_the_float_step_of_its_own_weights(CellType cell, int layers)
    {
        ModelFile int8 = TestModels.Random(hiddenSize: 37, TestModels.Letters, seed: 3, layers: layers, scale: 0.4f, cell: cell).QuantizeInt8();
        var dequantized = new ModelFile(cell, layers, int8.HiddenSize, int8.Vocabulary.AsSpan(), int8.Weights.AsSpan(), int8.Facts);
        DynamicSession quantizedSession = new DynamicModel(int8).CreateSession(new SamplingOptions());
        DynamicSession floatSession = new DynamicModel(dequantized).CreateSession(new SamplingOptions());
        foreach (char c in "abcdeéab cd")
        {
            quantizedSession.Feed(c.ToString());
            floatSession.Feed(c.ToString());
            float largest = 0f;
            for (int i = 0; i < floatSession.Hidden.Length; i++)
            {
                largest = MathF.Max(largest, MathF.Abs(quantizedSession.Hidden[i] - floatSession.Hidden[i]));
            }

            Assert.InRange(largest, 0f, 0.1f);
        }

        Assert.False(quantizedSession.Hidden.SequenceEqual(floatSession.Hidden), "the int8 model ran float kernels");
    }

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Int8_sampling_is_repeatable_and_allocates_nothing(CellType cell)
    {
        var model = new DynamicModel(TestModels.Random(hiddenSize: 33, TestModels.Letters, seed: 2, layers: 2, cell: cell).QuantizeInt8());
        Assert.Equal(WeightFormat.Int8, model.WeightFormat);
        string first = Sample(model, seed: 4);
        Assert.Equal(first, Sample(model, seed: 4));
        Assert.NotEqual(first, Sample(model, seed: 5));

        DynamicSession session = model.CreateSession(new SamplingOptions { Seed = 1, TopK = 4 });
        session.Next();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5000; i++)
        {
            session.Next();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Sample(DynamicModel model, ulong seed)
    {
        DynamicSession session = model.CreateSession(new SamplingOptions { Seed = seed });
        session.Feed("abc");
        return string.Concat(Enumerable.Range(0, 300).Select(_ => session.Next().ToString()));
    }
}
