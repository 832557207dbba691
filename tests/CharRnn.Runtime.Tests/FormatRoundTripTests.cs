using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

public class FormatRoundTripTests
{
    [Fact]
    public void Written_model_reads_back_bit_for_bit()
    {
        ModelFile model = TestModels.Random(hiddenSize: 5, vocabulary: [10, 32, 97, 0x1F600], seed: 3);
        ModelFile read = ModelFileReader.Read(ModelFileWriter.Write(model));
        Assert.Equal<int>(model.Vocabulary, read.Vocabulary);
        Assert.Equal(Bits(model.Weights.AsSpan()), Bits(read.Weights.AsSpan()));
        Assert.Equal(model.Facts, read.Facts);
    }

    private static int[] Bits(ReadOnlySpan<float> values) => [.. values.ToArray().Select(BitConverter.SingleToInt32Bits)];
}
