using CharRnn.Cells;
using System.Buffers.Binary;
using System.Text.Json;
using CharRnn.ModelFormat;

namespace CharRnn.Trainer.Tests;

/// <summary><c>charrnn export --format safetensors</c>: the file parsed back by hand; export's errors (ONNX's among them).</summary>
public sealed class ExportTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>A model whose weights hold the values a careless writer would change: −0, subnormals, extremes.</summary>
    private static ModelFile Model(CellType cell, int layers, int hiddenSize, int[] vocabulary)
    {
        var random = new Random(7);
        var weights = new float[ModelSchema.ParameterCount(cell, layers, hiddenSize, vocabulary.Length)];
        float[] special = [-0f, float.Epsilon, -float.Epsilon, 1.1754942E-38f, 1e6f, -1e6f, 1f / 3f];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = i < special.Length ? special[i] : (float)(random.NextDouble() * 2 - 1);
        }

        return new ModelFile(cell, layers, hiddenSize, vocabulary, weights,
            new TrainingFacts("café.txt", 4096, 1.25, double.NaN, 99));
    }

    private string Export(ModelFile model)
    {
        string modelPath = _files.PathOf("model.charrnn");
        ModelFiles.Save(modelPath, model);
        string outPath = _files.PathOf("model.safetensors");
        (int exit, string output, string error) = CliTests.Run("export", "--model", modelPath, "--format", "safetensors", "--out", outPath);
        Assert.True(exit == 0, error);
        Assert.Equal("", output);
        Assert.StartsWith("wrote ", error);
        return outPath;
    }

    /// <summary>One tensor as the file declares it: dtype, shape, byte range and the raw bytes.</summary>
    private sealed record Stored(string DType, int[] Shape, long Begin, long End, byte[] Bytes)
    {
        public int[] Floats() => Enumerable.Range(0, Bytes.Length / 4).Select(i => BinaryPrimitives.ReadInt32LittleEndian(Bytes.AsSpan(4 * i))).ToArray();

        public sbyte[] Int8() => Bytes.Select(b => (sbyte)b).ToArray();
    }

    /// <summary>
    /// Parses a safetensors file by the format's rules: the header as JSON, each tensor's byte range sized by its
    /// dtype and shape, the ranges in header order covering the data without gaps.
    /// </summary>
    private static (JsonElement Header, Dictionary<string, Stored> Tensors) Parse(byte[] file)
    {
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, (8 + headerLength) % 8); // the data starts aligned
        byte[] header = file[8..(8 + (int)headerLength)];
        Assert.Equal((byte)'{', header[0]);
        JsonElement root = JsonDocument.Parse(header).RootElement.Clone();
        byte[] data = file[(8 + (int)headerLength)..];
        var tensors = new Dictionary<string, Stored>();
        long covered = 0;
        foreach (JsonProperty property in root.EnumerateObject().Where(p => p.Name != "__metadata__"))
        {
            string dtype = property.Value.GetProperty("dtype").GetString()!;
            int size = dtype switch { "F32" => 4, "I8" => 1, _ => throw new InvalidDataException("dtype " + dtype) };
            long begin = property.Value.GetProperty("data_offsets")[0].GetInt64();
            long end = property.Value.GetProperty("data_offsets")[1].GetInt64();
            int[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            Assert.Equal(covered, begin); // in header order, no gaps
            Assert.Equal(shape.Aggregate(1L, (n, d) => n * d) * size, end - begin);
            tensors.Add(property.Name, new Stored(dtype, shape, begin, end, data[(int)begin..(int)end]));
            covered = end;
        }

        Assert.Equal(data.Length, covered); // nothing after the last tensor
        return (root, tensors);
    }

    [Theory]
    [InlineData(CellType.Rnn, 1, 8)]
    [InlineData(CellType.Rnn, 3, 5)]
    [InlineData(CellType.Lstm, 2, 4)]
    [InlineData(CellType.Gru, 2, 3)]
    public void Export_holds_every_tensor_bit_for_bit_under_the_model_files_names_and_shapes(CellType cell, int layers, int hidden)
    {
        int[] vocabulary = ['\n', ' ', 'a', 'é', 0x4E2D, 0x1F600];
        ModelFile model = Model(cell, layers, hidden, vocabulary);
        (JsonElement header, Dictionary<string, Stored> tensors) = Parse(File.ReadAllBytes(Export(model)));

        Assert.Equal(model.Tensors.Select(t => t.Name).Order(), tensors.Keys.Order());
        foreach (TensorInfo tensor in model.Tensors)
        {
            int[] shape = header.GetProperty(tensor.Name).GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            Assert.Equal(tensor.IsVector ? [tensor.Rows] : [tensor.Rows, tensor.Columns], shape);
            Assert.Equal("F32", tensors[tensor.Name].DType);
            Assert.Equal(model.TensorData(tensor.Name).ToArray().Select(BitConverter.SingleToInt32Bits), tensors[tensor.Name].Floats());
        }

        JsonElement metadata = header.GetProperty("__metadata__");
        Assert.Equal("float32", metadata.GetProperty("weights").GetString());
        Assert.Equal(CellCatalog.Name(cell), metadata.GetProperty("cell").GetString());
        Assert.Equal(layers.ToString(), metadata.GetProperty("layers").GetString());
        Assert.Equal(hidden.ToString(), metadata.GetProperty("hidden_size").GetString());
        Assert.Equal(vocabulary, JsonSerializer.Deserialize<int[]>(metadata.GetProperty("vocab").GetString()!));
        Assert.Equal("café.txt", metadata.GetProperty("corpus").GetString());
        Assert.Equal("NaN", metadata.GetProperty("val_loss").GetString());
        Assert.All(metadata.EnumerateObject(), entry => Assert.Equal(JsonValueKind.String, entry.Value.ValueKind));
    }

    [Theory]
    [InlineData(CellType.Rnn, 1, 8)]
    [InlineData(CellType.Lstm, 2, 5)]
    [InlineData(CellType.Gru, 2, 3)]
    public void An_int8_export_holds_each_matrix_as_I8_then_its_row_scales_and_the_vectors_as_F32(CellType cell, int layers, int hidden)
    {
        int[] vocabulary = ['\n', ' ', 'a', 'é', 0x4E2D, 0x1F600];
        ModelFile model = Model(cell, layers, hidden, vocabulary).QuantizeInt8();
        (JsonElement header, Dictionary<string, Stored> tensors) = Parse(File.ReadAllBytes(Export(model)));

        // The model file's table order: each matrix, then its scales; each vector in its place.
        string[] expected = model.Tensors.SelectMany(t => t.IsVector ? [t.Name] : new[] { t.Name, t.Name + ".scale" }).ToArray();
        Assert.Equal(expected, tensors.OrderBy(entry => entry.Value.Begin).Select(entry => entry.Key));
        foreach (TensorInfo tensor in model.Tensors)
        {
            Stored stored = tensors[tensor.Name];
            if (tensor.IsVector)
            {
                Assert.Equal(("F32", tensor.ShapeText), (stored.DType, string.Join('x', stored.Shape)));
                Assert.Equal(model.TensorData(tensor.Name).ToArray().Select(BitConverter.SingleToInt32Bits), stored.Floats());
                continue;
            }

            Assert.Equal(("I8", tensor.ShapeText), (stored.DType, string.Join('x', stored.Shape)));
            Assert.Equal(model.QuantizedTensorData(tensor.Name).ToArray(), stored.Int8());
            Stored scales = tensors[tensor.Name + ".scale"];
            Assert.Equal(("F32", $"{tensor.Rows}"), (scales.DType, string.Join('x', scales.Shape)));
            Assert.Equal(model.TensorScales(tensor.Name).ToArray().Select(BitConverter.SingleToInt32Bits), scales.Floats());
        }

        JsonElement metadata = header.GetProperty("__metadata__");
        Assert.Equal("int8", metadata.GetProperty("weights").GetString());
        Assert.Equal(CellCatalog.Name(cell), metadata.GetProperty("cell").GetString());
        Assert.Equal(vocabulary, JsonSerializer.Deserialize<int[]>(metadata.GetProperty("vocab").GetString()!));
    }

    [Fact]
    public void A_float_export_writes_every_weights_bits_in_order_and_says_float32()
    {
        ModelFile model = Model(CellType.Lstm, 2, 4, ['a', 'b', 'c']);
        byte[] file = File.ReadAllBytes(Export(model));
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        // The data section is every weight's little-endian bits, tensor after tensor, as before int8 models existed.
        Assert.Equal(model.Weights.SelectMany(w => BitConverter.GetBytes(BitConverter.SingleToInt32Bits(w))), file[(8 + (int)headerLength)..]);
        Assert.Contains("\"weights\":\"float32\"", System.Text.Encoding.UTF8.GetString(file, 8, (int)headerLength));
    }

    [Fact]
    public void Export_replaces_an_existing_file_whole_and_leaves_no_temporary_file()
    {
        string outPath = _files.Write("model.safetensors", new byte[1_000_000]);
        string exported = Export(Model(CellType.Rnn, 1, 4, ['a', 'b']));
        Assert.Equal(outPath, exported);
        Parse(File.ReadAllBytes(outPath));
        Assert.Equal(["model.charrnn", "model.safetensors"], Directory.GetFiles(_files.Root).Select(Path.GetFileName).Order());
    }

    private (string Error, string OutPath) Fails(string? modelPath, string format, string outPath)
    {
        modelPath ??= _files.PathOf("model.charrnn");
        if (!File.Exists(modelPath) && modelPath == _files.PathOf("model.charrnn"))
        {
            ModelFiles.Save(modelPath, Model(CellType.Rnn, 1, 4, ['a', 'b']));
        }

        (int exit, string output, string error) = CliTests.Run("export", "--model", modelPath, "--format", format, "--out", outPath);
        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        Assert.StartsWith("charrnn: error: ", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        return (error, outPath);
    }

    [Fact]
    public void A_missing_model_is_named()
    {
        string missing = _files.PathOf("absent.charrnn");
        Assert.Contains("absent.charrnn' does not exist", Fails(missing, "safetensors", _files.PathOf("x.safetensors")).Error);
        Assert.False(File.Exists(_files.PathOf("x.safetensors")));
    }

    [Fact]
    public void An_invalid_model_is_refused_before_anything_is_written()
    {
        string garbage = _files.Write("garbage.charrnn", "charrnn 1\ncell rnn\nlayers one\n");
        Assert.Contains("garbage.charrnn", Fails(garbage, "safetensors", _files.PathOf("x.safetensors")).Error);
        Assert.False(File.Exists(_files.PathOf("x.safetensors")));
    }

    [Fact]
    public void An_unknown_format_lists_the_known_ones()
    {
        Assert.Contains("--format is tflite; it must be one of: safetensors, onnx", Fails(null, "tflite", _files.PathOf("x.tflite")).Error);
        Assert.False(File.Exists(_files.PathOf("x.tflite")));
    }

    [Fact]
    public void An_int8_model_is_refused_by_onnx_naming_the_float_model_as_the_fix()
    {
        string int8 = _files.PathOf("model.int8.charrnn");
        ModelFile model = Model(CellType.Gru, 1, 4, ['a', 'b']);
        float[] weights = [.. model.Weights];
        weights.AsSpan(0, 8).Fill(0.25f); // no row of zeros and subnormals, which has no int8 scale
        ModelFiles.Save(int8, new ModelFile(model.Cell, model.Layers, model.HiddenSize, model.Vocabulary.AsSpan(), weights, model.Facts).QuantizeInt8());
        Assert.Contains($"'{int8}' holds int8 weights; --format onnx writes float32 models only: export the float32 model it was quantized from",
            Fails(int8, "onnx", _files.PathOf("x.onnx")).Error);
        Assert.False(File.Exists(_files.PathOf("x.onnx")));
    }

    [Fact]
    public void An_unwritable_out_path_is_named()
    {
        string file = _files.Write("plain.txt", "not a directory");
        Assert.Contains("cannot write '" + Path.Combine(file, "x.safetensors") + "'",
            Fails(null, "safetensors", Path.Combine(file, "x.safetensors")).Error);
        Assert.Contains("is a directory", Fails(null, "safetensors", _files.Root).Error);
    }

    [Fact]
    public void Out_may_not_be_the_model_itself()
    {
        string modelPath = _files.PathOf("model.charrnn");
        ModelFiles.Save(modelPath, Model(CellType.Rnn, 1, 4, ['a', 'b']));
        byte[] before = File.ReadAllBytes(modelPath);
        Assert.Contains("is the model file itself", Fails(modelPath, "safetensors", modelPath).Error);
        Assert.Contains("is the model file itself", Fails(modelPath, "onnx", modelPath).Error);
        Assert.Equal(before, File.ReadAllBytes(modelPath));
    }

    [Fact]
    public void Exporting_twice_gives_the_same_bytes()
    {
        ModelFile model = Model(CellType.Gru, 1, 3, ['x', 'y', 'z']);
        byte[] first = File.ReadAllBytes(Export(model));
        Assert.Equal(first, File.ReadAllBytes(Export(model)));
    }
}
