using System;
using System.Runtime.InteropServices;

namespace CharRnn.ModelFormat;

/// <summary>Float32 to little-endian bytes and back, bit for bit (NaN payloads, −0 and subnormals kept).</summary>
internal static class TensorBytes
{
    /// <summary>The little-endian IEEE bytes of <paramref name="values"/>.</summary>
    public static byte[] ToLittleEndian(ReadOnlySpan<float> values)
    {
        byte[] bytes = MemoryMarshal.AsBytes(values).ToArray();
        SwapIfBigEndian(bytes);
        return bytes;
    }

    /// <summary>The floats whose little-endian IEEE bytes are <paramref name="bytes"/>.</summary>
    public static float[] FromLittleEndian(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        SwapIfBigEndian(copy);
        var values = new float[copy.Length / sizeof(float)];
        Buffer.BlockCopy(copy, 0, values, 0, values.Length * sizeof(float));
        return values;
    }

    private static void SwapIfBigEndian(byte[] bytes)
    {
        if (BitConverter.IsLittleEndian)
        {
            return;
        }

        for (int i = 0; i + 3 < bytes.Length; i += 4)
        {
            (bytes[i], bytes[i + 3]) = (bytes[i + 3], bytes[i]);
            (bytes[i + 1], bytes[i + 2]) = (bytes[i + 2], bytes[i + 1]);
        }
    }
}
