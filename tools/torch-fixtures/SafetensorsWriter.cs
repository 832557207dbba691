using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CharRnn.TorchFixtures;

/// <summary>One tensor for <see cref="SafetensorsWriter"/>: its name, safetensors dtype, shape and little-endian bytes.</summary>
internal sealed record SafetensorsTensor(string Name, string DType, long[] Shape, byte[] Bytes)
{
    public static SafetensorsTensor Float32(string name, long[] shape, float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return new SafetensorsTensor(name, "F32", shape, bytes);
    }

    public static SafetensorsTensor Int64(string name, long[] values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        return new SafetensorsTensor(name, "I64", [values.Length], bytes);
    }

    public int ElementSize => DType switch { "I64" => 8, "F32" => 4, _ => throw new NotSupportedException(DType) };
}

/// <summary>
/// Writes a safetensors file the way <c>safetensors.torch.save_file</c> does without metadata: the tensors' data
/// ordered by element size (largest first) and then by name, the header compact JSON in that order, padded with
/// spaces to a multiple of 8 bytes.
/// </summary>
internal static class SafetensorsWriter
{
    private sealed record HeaderEntry(
        [property: JsonPropertyName("dtype")] string DType,
        [property: JsonPropertyName("shape")] long[] Shape,
        [property: JsonPropertyName("data_offsets")] long[] DataOffsets);

    private const int HeaderAlignment = 8;

    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors)
    {
        List<SafetensorsTensor> ordered = [.. tensors.OrderByDescending(t => t.ElementSize).ThenBy(t => t.Name, StringComparer.Ordinal)];
        // An ordered list of pairs rather than a dictionary: the header must list the tensors in data order.
        var entries = new List<KeyValuePair<string, HeaderEntry>>();
        long offset = 0;
        foreach (SafetensorsTensor tensor in ordered)
        {
            entries.Add(KeyValuePair.Create(tensor.Name, new HeaderEntry(tensor.DType, tensor.Shape, [offset, offset + tensor.Bytes.Length])));
            offset += tensor.Bytes.Length;
        }

        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            foreach ((string name, HeaderEntry entry) in entries)
            {
                json.WritePropertyName(name);
                JsonSerializer.Serialize(json, entry);
            }

            json.WriteEndObject();
        }

        int padding = (HeaderAlignment - (int)(header.Length % HeaderAlignment)) % HeaderAlignment;
        header.Write(Enumerable.Repeat((byte)' ', padding).ToArray());
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        file.Write(length);
        header.WriteTo(file);
        foreach (SafetensorsTensor tensor in ordered)
        {
            file.Write(tensor.Bytes);
        }
    }
}
