using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace CharRnn.Trainer.Tests.Interop;

/// <summary>
/// A safetensors file written by the tests, tensor by tensor as safetensors.torch.save_file lays it out (header
/// JSON, then each tensor's bytes in header order), with ways to make the header lie.
/// </summary>
internal sealed class StateDictFile
{
    private readonly List<Entry> _entries = [];

    /// <summary>One tensor: its dtype and shape as the header says, and the bytes written for it.</summary>
    public sealed record Entry(string Name, string DType, long[] Shape, byte[] Bytes);

    public IReadOnlyList<Entry> Entries => _entries;

    public StateDictFile AddFloats(string name, long[] shape, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return Add(new Entry(name, "F32", shape, bytes));
    }

    public StateDictFile Add(Entry entry)
    {
        _entries.Add(entry);
        return this;
    }

    public Entry this[string name] => _entries.Single(entry => entry.Name == name);

    public StateDictFile Remove(string name)
    {
        Assert.Equal(1, _entries.RemoveAll(entry => entry.Name == name));
        return this;
    }

    public StateDictFile Rename(string name, string newName) => Replace(name, this[name] with { Name = newName });

    public StateDictFile Replace(string name, Entry entry)
    {
        _entries[_entries.FindIndex(e => e.Name == name)] = entry;
        return this;
    }

    /// <summary>The file's bytes; <paramref name="offsets"/> may replace the true data_offsets of some tensors.</summary>
    public byte[] Encode(IReadOnlyDictionary<string, long[]>? offsets = null)
    {
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", "pt");
            json.WriteEndObject();
            long offset = 0;
            foreach (Entry entry in _entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.DType);
                json.WriteStartArray("shape");
                entry.Shape.ToList().ForEach(json.WriteNumberValue);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                long[] range = offsets is not null && offsets.TryGetValue(entry.Name, out long[]? given) ? given : [offset, offset + entry.Bytes.Length];
                range.ToList().ForEach(json.WriteNumberValue);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += entry.Bytes.Length;
            }

            json.WriteEndObject();
        }

        return WithHeader(header.ToArray(), [.. _entries.SelectMany(entry => entry.Bytes)]);
    }

    /// <summary>A file of <paramref name="header"/> (padded to 8 bytes with spaces) and <paramref name="data"/>.</summary>
    public static byte[] WithHeader(byte[] header, byte[] data)
    {
        int padded = (header.Length + 7) / 8 * 8;
        var file = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        header.CopyTo(file, 8);
        file.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        data.CopyTo(file, 8 + padded);
        return file;
    }

    public static byte[] WithHeader(string header, byte[] data) => WithHeader(Encoding.UTF8.GetBytes(header), data);
}
