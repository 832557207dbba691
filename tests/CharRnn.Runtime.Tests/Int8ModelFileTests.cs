using System.Buffers.Binary;
using System.Globalization;
using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

/// <summary>
/// Int8 model files (version 2): they round-trip exactly, the quantizer follows the spec to the bit, float32 files
/// are untouched, and the reader refuses every value and table no quantizer writes, naming the tensor.
/// </summary>
public class Int8ModelFileTests
{
    // rnn, hidden 2, 4 characters: Wxh 2x4, Whh 2x2, bh 2, Why 4x2, by 4. Row maxima of 127 and 254 give the exact
    // scales 1 and 2, so w / s is exact and rint's ties to even show: -63.5 → -64, 0.5 → 0, 1.5 → 2, 2.5 → 2.
    private static readonly ModelFile HandMade = TestModels.WithWeights(
        TestModels.Random(hiddenSize: 2, vocabulary: ['a', 'b', 'c', 'd'], seed: 4),
        weights => new float[]
        {
            127f, -63.5f, 0.5f, 1.5f, 2.5f, -2.5f, -127f, 126.49f, // layer0.Wxh
            254f, 3f, 0f, 0f,                                     // layer0.Whh: the second row is all zeros
            0.25f, -0.75f,                                        // layer0.bh
            -254f, 127f, 0.3f, 0.1f, 0f, 0f, 1f, -5f,             // Why
            1.5f, -2f, 1e-7f, 3f,                                 // by
        }.CopyTo(weights, 0));

    private static readonly ModelFile Int8Model = HandMade.QuantizeInt8();

    private static readonly string Int8Text = ModelFileWriter.Write(Int8Model);

    public static TheoryData<CellType, int> CellsAndLayers => EveryCell.WithLayers(1, 2);

    [Theory]
    [MemberData(nameof(CellsAndLayers))]
    public void An_int8_model_reads_back_with_its_values_scales_and_biases_and_rewrites_to_the_same_text(CellType cell, int layers)
    {
        ModelFile int8 = TestModels.Random(hiddenSize: 5, TestModels.Letters, seed: 6, layers: layers, cell: cell).QuantizeInt8();
        string text = ModelFileWriter.Write(int8);
        ModelFile read = ModelFileReader.Read(text);

        Assert.StartsWith("charrnn 2\nweights int8\ncell ", text);
        Assert.Equal(WeightFormat.Int8, read.WeightFormat);
        Assert.Equal<int>(int8.Vocabulary, read.Vocabulary);
        Assert.Equal(int8.Facts, read.Facts);
        foreach (TensorInfo tensor in int8.Tensors)
        {
            if (tensor.IsVector)
            {
                Assert.Equal(Bits(int8.TensorData(tensor.Name)), Bits(read.TensorData(tensor.Name)));
            }
            else
            {
                Assert.Equal(int8.QuantizedTensorData(tensor.Name).ToArray(), read.QuantizedTensorData(tensor.Name).ToArray());
                Assert.Equal(Bits(int8.TensorScales(tensor.Name)), Bits(read.TensorScales(tensor.Name)));
            }
        }

        Assert.Equal(Bits(int8.Weights.AsSpan()), Bits(read.Weights.AsSpan()));
        Assert.Equal(text, ModelFileWriter.Write(read));
    }

    [Fact]
    public void Float32_model_files_read_and_rewrite_byte_for_byte_as_version_1()
    {
        string[] files = [.. Directory.GetFiles(Path.Combine(Repository.Root, "tests", "models"), "*.charrnn"),
            Path.Combine(Repository.Root, "tests", "CharRnn.Sampler.Tests", "Models", "shakespeare.charrnn")];
        Assert.Equal(4, files.Length);
        foreach (string path in files)
        {
            string text = File.ReadAllText(path);
            ModelFile model = ModelFileReader.Read(text);
            Assert.Equal(WeightFormat.Float32, model.WeightFormat);
            Assert.StartsWith("charrnn 1\ncell ", text);
            Assert.Equal(text, ModelFileWriter.Write(model));
        }
    }

    [Fact]
    public void The_console_samplers_int8_model_reads_and_rewrites_byte_for_byte_as_version_2()
    {
        string text = File.ReadAllText(Path.Combine(Repository.Root, "samples", "ConsoleSampler", "Models", "shakespeare.charrnn"));
        ModelFile model = ModelFileReader.Read(text);
        Assert.Equal(WeightFormat.Int8, model.WeightFormat);
        Assert.StartsWith("charrnn 2\nweights int8\ncell ", text);
        Assert.Equal(text, ModelFileWriter.Write(model));
    }

    [Fact]
    public void The_quantizer_takes_each_rows_largest_magnitude_over_127_and_rounds_ties_to_even()
    {
        Assert.Equal([127, -64, 0, 2, 2, -2, -127, 126], Int8Model.QuantizedTensorData("layer0.Wxh").ToArray());
        Assert.Equal([1f, 1f], Int8Model.TensorScales("layer0.Wxh").ToArray());
        Assert.Equal([127, 2, 0, 0], Int8Model.QuantizedTensorData("layer0.Whh").ToArray());
        Assert.Equal([-127, 64, 127, 42, 0, 0, 25, -127], Int8Model.QuantizedTensorData("Why").ToArray());
        // One float32 division each: m / 127 for the scale.
        Assert.Equal(Bits([2f, 0.3f / 127f, 1f, 5f / 127f]), Bits(Int8Model.TensorScales("Why")));
    }

    [Fact]
    public void A_row_of_zeros_gets_scale_1_and_values_0()
    {
        Assert.Equal(1f, Int8Model.TensorScales("layer0.Whh")[1]);
        Assert.Equal([0, 0], Int8Model.QuantizedTensorData("layer0.Whh")[2..].ToArray());
    }

    [Fact]
    public void Biases_stay_float32_bit_for_bit_and_weights_read_as_value_times_row_scale()
    {
        Assert.Equal(Bits(HandMade.TensorData("layer0.bh")), Bits(Int8Model.TensorData("layer0.bh")));
        Assert.Equal(Bits(HandMade.TensorData("by")), Bits(Int8Model.TensorData("by")));
        Assert.Equal([254f, 4f, 0f, 0f], Int8Model.TensorData("layer0.Whh").ToArray());
        Assert.Equal(42 * (0.3f / 127f), Int8Model.TensorData("Why")[3]);
    }

    [Fact]
    public void Quantizing_an_int8_model_again_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Int8Model.QuantizeInt8());
        Assert.StartsWith("the model is already int8", error.Message);
    }

    [Fact]
    public void A_value_of_minus_128_is_refused_with_the_tensor_named()
    {
        string edited = WithData(Int8Text, data => data[Row("layer0.Whh").ByteOffset + 1] = 0x80);
        AssertRefused(edited, ModelProblem.InvalidQuantization, "int8 value 1 of tensor layer0.Whh is -128");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(1e6f / 127 * 1.01f)]
    [InlineData(1e30f)]
    public void A_scale_that_is_not_finite_positive_and_small_enough_is_refused_with_the_tensor_named(float scale)
    {
        string edited = WithData(Int8Text, data =>
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(Row("Why.scale").ByteOffset + 2 * sizeof(float)), scale));
        AssertRefused(edited, ModelProblem.InvalidQuantization,
            $"the scale of row 2 of tensor Why is {scale.ToString("R", CultureInfo.InvariantCulture)}; every scale must be finite, positive");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(2e6f)]
    public void A_bias_that_is_not_finite_or_too_large_is_refused_with_the_tensor_named(float bias)
    {
        string edited = WithData(Int8Text, data => BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(Row("by").ByteOffset + sizeof(float)), bias));
        AssertRefused(edited, ModelProblem.NonFiniteWeights, "weight 1 of tensor by is");
    }

    [Fact]
    public void Data_shorter_or_longer_than_the_table_is_refused_even_with_a_matching_checksum()
    {
        AssertRefused(WithData(Int8Text, data => data[..^4]), ModelProblem.ShapeMismatch,
            $"the data section holds {DataLength - 4} bytes but the tensor table needs {DataLength}");
        AssertRefused(WithData(Int8Text, data => [.. data, 0]), ModelProblem.ShapeMismatch,
            $"the data section holds {DataLength + 1} bytes but the tensor table needs {DataLength}");
    }

    [Fact]
    public void A_file_cut_inside_its_data_is_refused_as_truncated()
    {
        int data = Int8Text.IndexOf("\ndata\n", StringComparison.Ordinal) + 6;
        AssertRefused(Int8Text[..(data + 30)], ModelProblem.Malformed, "truncated");
    }

    [Fact]
    public void An_edited_byte_fails_the_checksum()
    {
        string[] lines = Int8Text.Split('\n');
        int data = Array.IndexOf(lines, "data") + 1;
        lines[data] = (lines[data][0] == 'A' ? "B" : "A") + lines[data][1..];
        AssertRefused(string.Join('\n', lines), ModelProblem.ChecksumMismatch, "checksum");
    }

    [Theory]
    [InlineData("tensor layer0.Wxh 2x4 i8 0\n", "tensor layer0.Wxh 2x4 f32 0\n", "tensor row 'layer0.Wxh 2x4 f32 0' disagrees with the header, which needs 'layer0.Wxh 2x4 i8 0'")]
    [InlineData("tensor layer0.Wxh.scale 2 f32 8\n", "tensor layer0.Wxh.scale 2 f32 9\n", "which needs 'layer0.Wxh.scale 2 f32 8'")]
    [InlineData("tensor layer0.Wxh.scale 2 f32 8\n", "", "tensor row 'layer0.Whh 2x2 i8 16' disagrees with the header, which needs 'layer0.Wxh.scale 2 f32 8'")]
    [InlineData("tensor layer0.bh 2 f32 28\n", "tensor layer0.bh 2 i8 28\n", "which needs 'layer0.bh 2 f32 28'")]
    [InlineData("tensor layer0.bh 2 f32 28\n", "tensor layer0.bh 2 f32 28\ntensor layer0.bh.scale 2 f32 36\n", "which needs 'Why 4x2 i8 36'")]
    public void A_wrong_table_row_is_refused_with_the_row_and_the_one_needed(string original, string replacement, string expected)
    {
        Assert.Contains(original, Int8Text);
        AssertRefused(Int8Text.Replace(original, replacement), ModelProblem.ShapeMismatch, expected);
    }

    [Theory]
    [InlineData("weights int8\n", "weights float16\n", ModelProblem.UnsupportedVersion, "weight format 'float16' is not supported")]
    [InlineData("charrnn 2\n", "charrnn 3\n", ModelProblem.UnsupportedVersion, "model file version '3' is not supported")]
    [InlineData("weights int8\n", "", ModelProblem.Malformed, "weights")]
    [InlineData("charrnn 2\nweights int8\n", "charrnn 1\n", ModelProblem.ShapeMismatch, "tensor row 'layer0.Wxh 2x4 i8 0' disagrees")]
    public void A_wrong_version_or_weight_format_is_refused(string original, string replacement, ModelProblem kind, string expected)
    {
        Assert.Contains(original, Int8Text);
        AssertRefused(Int8Text.Replace(original, replacement), kind, expected);
    }

    private static readonly int DataLength = (int)Int8FileTable.DataLength(Int8FileTable.Rows(HandMade.Tensors));

    private static Int8FileTable.Row Row(string name) =>
        Int8FileTable.Rows(HandMade.Tensors).Single(row => row.Text.StartsWith(name + " ", StringComparison.Ordinal));

    private static void AssertRefused(string text, ModelProblem kind, string expected)
    {
        var error = Assert.Throws<ModelFormatException>(() => ModelFileReader.Read(text));
        Assert.Equal(kind, error.Kind);
        Assert.Contains(expected, error.Message);
        Assert.True(error.Line > 0, "the error names a line");
    }

    /// <summary>
    /// <paramref name="text"/> with its data section decoded, edited (or replaced) by <paramref name="edit"/>, encoded
    /// again in lines as the writer writes them, and the checksum recomputed, so the check behind it is what fires.
    /// </summary>
    internal static string WithData(string text, Action<byte[]> edit) => WithData(text, data =>
    {
        edit(data);
        return data;
    });

    internal static string WithData(string text, Func<byte[], byte[]> edit)
    {
        List<string> lines = [.. text.Split('\n')];
        int data = lines.IndexOf("data"), end = lines.IndexOf("end");
        int checksum = lines.FindIndex(line => line.StartsWith("checksum ", StringComparison.Ordinal));
        byte[] bytes = edit(Convert.FromBase64String(string.Concat(lines.GetRange(data + 1, end - data - 1))));
        string base64 = Convert.ToBase64String(bytes);
        lines.RemoveRange(data + 1, end - data - 1);
        lines.InsertRange(data + 1, base64.Chunk(ModelFileWriter.Base64LineLength).Select(chunk => new string(chunk)));
        lines[checksum] = "checksum fnv1a64 " + Fnv1a64.Hash(bytes).ToString("x16", CultureInfo.InvariantCulture);
        return string.Join('\n', lines);
    }

    private static int[] Bits(ReadOnlySpan<float> values) => [.. values.ToArray().Select(BitConverter.SingleToInt32Bits)];
}
