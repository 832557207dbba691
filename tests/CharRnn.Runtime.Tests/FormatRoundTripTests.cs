using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

public class FormatRoundTripTests
{
    [Fact]
    public void Written_model_reads_back_bit_for_bit()
    {
        ModelFile model = TestModels.Random(hiddenSize: 5, vocabulary: [10, 32, 97, 0x1F600], seed: 3);
        ModelFile read = ModelFileReader.Read(ModelFileWriter.Write(model));
        Assert.Equal(model.Vocabulary, read.Vocabulary);
        Assert.Equal(Bits(model.Weights), Bits(read.Weights));
        Assert.Equal(model.Facts, read.Facts);
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
