using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CharRnn.ModelFormat;
using CharRnn.Cells;

namespace CharRnn.Training.Export;

/// <summary>
/// A model's tensors as a safetensors file (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
/// length, a JSON header naming each tensor's dtype, shape and byte range, then the tensors' bytes. The tensors keep
/// the model file's names, order and row-major shapes, as little-endian float32 ("F32"). An int8 model writes each
/// matrix <c>NAME</c> as "I8" followed by <c>NAME.scale</c>, its row scales as "F32", as its model file's table does;
/// its vectors stay "F32". <c>__metadata__</c> holds what sampling needs besides the weights (the weight format,
/// cell, layers, hidden size, the vocabulary as code points) and the training facts, every value a string as the
/// format requires.
/// </summary>
internal static class SafetensorsFile
{
    /// <summary>The header is padded with spaces to this many bytes, so the data that follows is aligned for any dtype.</summary>
    private const int HeaderAlignment = 8;

    /// <summary>One tensor of the file: its name, dtype, shape and little-endian bytes.</summary>
    private sealed record Entry(string Name, string DType, int[] Shape, byte[] Bytes);

    /// <summary>The bytes of the whole file.</summary>
    public static byte[] Encode(ModelFile model)
    {
        List<Entry> entries = Entries(model);
        byte[] header = Header(model, entries);
        int padding = (HeaderAlignment - header.Length % HeaderAlignment) % HeaderAlignment;
        long headerLength = header.Length + padding;
        var bytes = new byte[sizeof(ulong) + headerLength + entries.Sum(entry => (long)entry.Bytes.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        header.CopyTo(bytes, sizeof(ulong));
        bytes.AsSpan(sizeof(ulong) + header.Length, padding).Fill((byte)' ');
        long offset = sizeof(ulong) + headerLength;
        foreach (Entry entry in entries)
        {
            entry.Bytes.CopyTo(bytes, offset);
            offset += entry.Bytes.Length;
        }

        return bytes;
    }

    /// <summary>The tensors in the model file's table order: for an int8 model, each matrix's values, then its scales.</summary>
    private static List<Entry> Entries(ModelFile model)
    {
        var entries = new List<Entry>();
        foreach (TensorInfo tensor in model.Tensors)
        {
            int[] shape = tensor.IsVector ? [tensor.Rows] : [tensor.Rows, tensor.Columns];
            if (model.WeightFormat == WeightFormat.Int8 && !tensor.IsVector)
            {
                entries.Add(new Entry(tensor.Name, "I8", shape, MemoryMarshal.AsBytes(model.QuantizedTensorData(tensor.Name)).ToArray()));
                entries.Add(new Entry(tensor.Name + ".scale", "F32", [tensor.Rows], Float32Bytes(model.TensorScales(tensor.Name))));
            }
            else
            {
                entries.Add(new Entry(tensor.Name, "F32", shape, Float32Bytes(model.TensorData(tensor.Name))));
            }
        }

        return entries;
    }

    private static byte[] Float32Bytes(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            // Through the bits, so every value (−0, subnormals) is written exactly as the model holds it.
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(float)), BitConverter.SingleToInt32Bits(values[i]));
        }

        return bytes;
    }

    /// <summary>Writes the file whole (<see cref="ExportFile.Save"/>).</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void Save(string path, ModelFile model) => ExportFile.Save(path, Encode(model), "model.safetensors");

    private static byte[] Header(ModelFile model, List<Entry> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach ((string key, string value) in Metadata(model))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (Entry entry in entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.DType);
                json.WriteStartArray("shape");
                foreach (int dimension in entry.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += entry.Bytes.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static IEnumerable<(string Key, string Value)> Metadata(ModelFile model)
    {
        static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
        yield return ("format", "charrnn");
        yield return ("weights", model.WeightFormat == WeightFormat.Int8 ? "int8" : "float32");
        yield return ("cell", CellCatalog.Name(model.Cell));
        yield return ("layers", Text(model.Layers));
        yield return ("hidden_size", Text(model.HiddenSize));
        yield return ("vocab_size", Text(model.VocabularySize));
        yield return ("vocab", "[" + string.Join(",", model.Vocabulary.Select(scalar => Text(scalar))) + "]");
        yield return ("corpus", model.Facts.Corpus);
        yield return ("chars_seen", Text(model.Facts.CharactersSeen));
        yield return ("train_loss", model.Facts.TrainLoss.ToString("R", CultureInfo.InvariantCulture));
        yield return ("val_loss", model.Facts.ValidationLoss.ToString("R", CultureInfo.InvariantCulture));
        yield return ("seed", model.Facts.Seed.ToString(CultureInfo.InvariantCulture));
    }
}
