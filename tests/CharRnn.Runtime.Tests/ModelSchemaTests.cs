using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

public sealed class ModelSchemaTests
{
    [Theory]
    [InlineData(CellType.Rnn, 1, 1)]
    [InlineData(CellType.Lstm, 4, 1)]
    [InlineData(CellType.Gru, 3, 2)]
    public void Gate_blocks_multiply_the_rows_of_each_layer_tensor(CellType cell, int gates, int recurrentBiases)
    {
        IReadOnlyList<TensorInfo> tensors = ModelSchema.ExpectedTensors(cell, layers: 2, hiddenSize: 5, vocabularySize: 7);

        TensorInfo upperInput = tensors.Single(t => t.Name == "layer1.Wxh");
        Assert.Equal((gates * 5, 5), (upperInput.Rows, upperInput.Columns));
        Assert.Equal((gates * 5, 7), (tensors[0].Rows, tensors[0].Columns));
        Assert.Equal(recurrentBiases, tensors.Count(t => t.Name.StartsWith("layer1.b", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Parameter_count_is_the_end_of_the_tensor_table(CellType cell)
    {
        for (int layers = 1; layers <= ModelSchema.MaxLayers; layers++)
        {
            TensorInfo last = ModelSchema.ExpectedTensors(cell, layers, 6, 11)[^1];

            Assert.Equal(last.Offset + last.Length, ModelSchema.ParameterCount(cell, layers, 6, 11));
        }
    }

    [Fact]
    public void Lstm_2x256_over_65_characters_has_the_parameter_count_pytorch_gives()
    {
        // nn.LSTM(65, 256, 2) has 4·256·(65+256) + 4·256·(256+256) + two 4·256 biases per layer; ours fold the two.
        long pytorchLstm = 4 * 256 * (65 + 256) + 4 * 256 * (256 + 256) + 2 * 2 * 4 * 256;
        long foldedBiases = 2 * 4 * 256;
        long output = 65 * 256 + 65;

        Assert.Equal(pytorchLstm - foldedBiases + output, ModelSchema.ParameterCount(CellType.Lstm, 2, 256, 65));
    }
}
