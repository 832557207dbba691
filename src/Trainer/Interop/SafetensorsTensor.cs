using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace CharRnn.Training.Interop;

/// <summary>One tensor of a safetensors file as its header declares it, with its little-endian bytes.</summary>
internal sealed record SafetensorsTensor(string Name, string DType, long[] Shape, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>The shape as PyTorch prints it, e.g. <c>[64, 16]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>The values of an F32 tensor, row-major.</summary>
    public float[] Float32s() => Values("F32", BinaryPrimitives.ReadSingleLittleEndian);

    /// <summary>The values of an I64 tensor, row-major.</summary>
    public long[] Int64s() => Values("I64", BinaryPrimitives.ReadInt64LittleEndian);

    private T[] Values<T>(string dtype, Func<ReadOnlySpan<byte>, T> read)
        where T : unmanaged
    {
        Require(dtype);
        var values = new T[Bytes.Length / Unsafe.SizeOf<T>()];
        ReadOnlySpan<byte> bytes = Bytes.Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = read(bytes[(i * Unsafe.SizeOf<T>())..]);
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
