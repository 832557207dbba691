using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

public class ModelFileReaderTests
{
    private static readonly string Valid = ModelFileWriter.Write(TestModels.Random(hiddenSize: 3, vocabulary: [10, 'a', 'b'], seed: 1));

    [Fact]
    public void Every_truncation_is_a_format_error_never_another_exception()
    {
        for (int length = 0; length < Valid.Length - 1; length++)
        {
            string truncated = Valid[..length];
            if (truncated.TrimEnd('\n').Length == Valid.TrimEnd('\n').Length)
            {
                continue; // only the final newline was cut: still the whole file
            }

            var error = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(truncated));
            if (length > Valid.IndexOf("\ndata\n", StringComparison.Ordinal) + 6)
            {
                Assert.Contains("truncated", error.Message);
            }
        }
    }

    [Theory]
    [InlineData("charrnn 1\n", "charrnn 3\n", "version '3' is not supported")]
    [InlineData("charrnn 1\n", "hello\n", "not a CharRnn model file")]
    [InlineData("cell rnn", "cell tree", "unknown cell 'tree'")]
    [InlineData("hidden_size 3", "hidden_size 4", "tensor row 'layer0.Wxh 3x3 0' disagrees with the header")]
    [InlineData("hidden_size 3", "hidden_size 99999", "hidden_size is 99999")]
    [InlineData("vocab_size 3", "vocab_size 4", "the vocabulary lists 3 characters but vocab_size is 4")]
    [InlineData("vocab 000A 0061 0062", "vocab 000A 0062 0061", "entries must be distinct and ascending")]
    [InlineData("vocab 000A 0061 0062", "vocab 000A 0061 D800", "is not a Unicode scalar value")]
    [InlineData("tensor Why 3x3", "tensor Why 3x4", "disagrees with the header")]
    [InlineData("seed 1", "seed -1", "'-1' is not a whole number from 0 to 18446744073709551615")]
    [InlineData("layers 1", "layers 99999999999", "is not a whole number from 0 to 2147483647")]
    [InlineData("\nend\n", "\nend\nextra\n", "unexpected text after the 'end' line")]
    public void Edited_headers_are_refused_with_the_problem_named(string original, string replacement, string expected)
    {
        Assert.Contains(original, Valid);
        var error = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(Valid.Replace(original, replacement)));
        Assert.Contains(expected, error.Message);
        Assert.True(error.Line > 0, "the error names a line");
    }

    [Fact]
    public void An_edited_weight_fails_the_checksum()
    {
        string[] lines = Valid.Split('\n');
        int data = Array.IndexOf(lines, "data") + 1;
        char[] line = lines[data].ToCharArray();
        line[5] = line[5] == 'A' ? 'B' : 'A';
        lines[data] = new string(line);
        var error = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(string.Join('\n', lines)));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void A_data_line_that_is_not_base64_is_named()
    {
        string[] lines = Valid.Split('\n');
        int data = Array.IndexOf(lines, "data") + 1;
        lines[data] = "!" + lines[data][1..];
        var error = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(string.Join('\n', lines)));
        Assert.Contains("not base64", error.Message);
        Assert.Equal(data + 1, error.Line);
    }

    [Fact]
    public void Non_finite_weights_are_refused_by_default_and_round_trip_bit_for_bit_on_request()
    {
        ModelFile model = TestModels.Random(hiddenSize: 2, vocabulary: ['x', 'y'], seed: 2);
        float[] specials = [float.NaN, BitConverter.Int32BitsToSingle(0x7FC12345), BitConverter.Int32BitsToSingle(unchecked((int)0xFFA00001)),
            -0f, float.Epsilon, -float.Epsilon, 1e-40f, float.PositiveInfinity, float.NegativeInfinity];
        model = TestModels.WithWeights(model, weights => specials.CopyTo(weights, 0));
        string text = ModelFileWriter.Write(model);

        var error = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text));
        Assert.Contains("layer0.Wxh", error.Message);
        Assert.Contains("must be finite", error.Message);

        ModelFile read = ModelFileReader.Read(text, checkWeights: false);
        Assert.Equal(
            model.Weights.Select(BitConverter.SingleToInt32Bits),
            read.Weights.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(3e38f)]
    [InlineData(-1.5e6f)]
    public void Absurdly_large_weights_are_refused_because_they_would_overflow_sampling(float weight)
    {
        ModelFile model = TestModels.Random(hiddenSize: 2, vocabulary: ['x', 'y'], seed: 2);
        model = TestModels.WithWeights(model, weights => weights[model.Tensor("Why").Offset + 1] = weight);
        var error = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(ModelFileWriter.Write(model)));
        Assert.Contains("weight 1 of tensor Why", error.Message);
        Assert.Contains("beyond ±1e6", error.Message);
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_ends_are_accepted()
    {
        ModelFile read = ModelFileReader.Read("\uFEFF" + Valid.Replace("\n", "\r\n"));
        Assert.Equal(3, read.HiddenSize);
    }

    [Fact]
    public void Writing_is_deterministic_and_ends_with_a_newline()
    {
        ModelFile model = ModelFileReader.Read(Valid);
        Assert.Equal(Valid, ModelFileWriter.Write(model));
        Assert.EndsWith("end\n", Valid);
    }
}
