using System.Text;

namespace CharRnn.Training.Export.Onnx;

/// <summary>
/// The protobuf wire format, as much as <see cref="OnnxProto"/> needs: varint fields and length-delimited fields
/// (bytes, strings, nested messages). Fields are written in the order they are added.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int VarintWire = 0;
    private const int LengthDelimitedWire = 2;
    private readonly MemoryStream _stream = new();

    /// <summary>An int32, int64 or enum field.</summary>
    public ProtobufWriter Varint(int field, long value)
    {
        WriteVarint(((ulong)field << 3) | VarintWire);
        WriteVarint((ulong)value);
        return this;
    }

    /// <summary>A string field, UTF-8.</summary>
    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public ProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        WriteVarint(((ulong)field << 3) | LengthDelimitedWire);
        WriteVarint((ulong)value.Length);
        _stream.Write(value);
        return this;
    }

    /// <summary>A nested message field.</summary>
    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    /// <summary>The message's bytes.</summary>
    public byte[] ToArray() => _stream.ToArray();

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _stream.WriteByte((byte)value);
    }
}
