using System.ComponentModel;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using CharRnn.Kernels;

namespace CharRnn.CompilerServices;

/// <summary>
/// Turns the weights generated code carries into floats. The generator writes each tensor as one string literal of
/// base64 (little-endian IEEE bytes), so the compiler reads one token per tensor instead of one per weight: a
/// string literal while the model fits the assembly's user-string heap, a UTF-8 (<c>u8</c>) literal beyond that.
/// Generated code calls <c>Decode</c> once per tensor, when the model's class is first used; each tensor starts on a
/// 64-byte boundary, so the kernels' vector loads never straddle a cache line.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BakedWeights
{
    /// <summary>
    /// Decodes <paramref name="count"/> floats, bit for bit, from base64 in UTF-8; line breaks and spaces are skipped.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not base64 of exactly <paramref name="count"/> floats.</exception>
    public static ArraySegment<float> Decode(int count, ReadOnlySpan<byte> base64Utf8)
    {
        ArraySegment<float> values = AlignedWeights.Allocate(count);
        Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
        OperationStatus status = Base64.DecodeFromUtf8(base64Utf8, bytes, out int consumed, out int written);
        Check(status == OperationStatus.Done && consumed == base64Utf8.Length && written == bytes.Length, count);
        return FromLittleEndian(values);
    }

    /// <summary>
    /// Decodes <paramref name="count"/> floats, bit for bit, from base64 text; line breaks and spaces are skipped.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not base64 of exactly <paramref name="count"/> floats.</exception>
    public static ArraySegment<float> Decode(int count, ReadOnlySpan<char> base64)
    {
        ArraySegment<float> values = AlignedWeights.Allocate(count);
        Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
        Check(Convert.TryFromBase64Chars(base64, bytes, out int written) && written == bytes.Length, count);
        return FromLittleEndian(values);
    }

    /// <summary>
    /// The first <paramref name="count"/> int8 values of a string literal that holds two per character, the first in
    /// the low byte: a view of the literal itself, so the values cost their bytes in the assembly and nothing on the
    /// heap (a NativeAOT binary keeps string literals as preinitialized data).
    /// </summary>
    /// <exception cref="ArgumentException">The text holds fewer than <paramref name="count"/> values.</exception>
    /// <exception cref="PlatformNotSupportedException">The machine is big-endian.</exception>
    public static ReadOnlySpan<sbyte> Int8(int count, ReadOnlySpan<char> pairs)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Baked int8 weights are read in place, which needs a little-endian machine.");
        }

        ReadOnlySpan<sbyte> values = MemoryMarshal.Cast<char, sbyte>(pairs);
        return values.Length >= count
            ? values[..count]
            : throw new ArgumentException($"The baked weights hold fewer than {count} int8 values; rebuild the project to bake them again.");
    }

    /// <summary>
    /// The first <paramref name="count"/> int8 values of a literal as <see cref="Int8"/> reads them, copied once into
    /// memory that starts on a 64-byte boundary (for a model baked with <c>AlignInt8Weights</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The text holds fewer than <paramref name="count"/> values.</exception>
    /// <exception cref="PlatformNotSupportedException">The machine is big-endian.</exception>
    public static ArraySegment<sbyte> AlignedInt8(int count, ReadOnlySpan<char> pairs)
    {
        ReadOnlySpan<sbyte> values = Int8(count, pairs);
        ArraySegment<sbyte> aligned = AlignedWeights.Allocate<sbyte>(count);
        values.CopyTo(aligned);
        return aligned;
    }

    private static void Check(bool decoded, int count)
    {
        if (!decoded)
        {
            throw new ArgumentException(
                $"The baked weights are not base64 of {count} floats; rebuild the project to bake them again.");
        }
    }

    private static ArraySegment<float> FromLittleEndian(ArraySegment<float> values)
    {
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return values;
    }
}
