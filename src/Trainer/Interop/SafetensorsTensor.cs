using System.Buffers.Binary;

namespace CharRnn.Training.Interop;

/// <summary>One tensor of a safetensors file as its header declares it, with its little-endian bytes.</summary>
internal sealed record SafetensorsTensor(string Name, string DType, long[] Shape, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>The shape as PyTorch prints it, e.g. <c>[64, 16]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>The values of an F32 tensor, row-major.</summary>
    public float[] Float32s()
    {
        Require("F32");
        var values = new float[Bytes.Length / sizeof(float)];
        ReadOnlySpan<byte> bytes = Bytes.Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return values;
    }

    /// <summary>The values of an I64 tensor, row-major.</summary>
    public long[] Int64s()
    {
        Require("I64");
        var values = new long[Bytes.Length / sizeof(long)];
        ReadOnlySpan<byte> bytes = Bytes.Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * sizeof(long))..]);
        }

        return values;
    }

    private void Require(string dtype)
    {
        if (DType != dtype)
        {
            throw new InvalidOperationException($"tensor '{Name}' is {DType}, not {dtype}");
        }
    }
}
