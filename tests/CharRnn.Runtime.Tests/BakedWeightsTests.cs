using CharRnn.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using CharRnn.Kernels;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

public class BakedWeightsTests
{
    // Values whose bits a careless round trip would change: −0, a subnormal, a NaN with a payload, the extremes.
    private static readonly float[] Awkward =
    [
        0f, -0f, float.Epsilon, -1.5e-40f, BitConverter.Int32BitsToSingle(0x7FC0_1234), float.MaxValue, float.MinValue,
        1f / 3f, -2.75f,
    ];

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n    ")]
    public void Base64_in_lines_decodes_to_the_same_bits(string lineBreak)
    {
        string base64 = Convert.ToBase64String(TensorBytes.ToLittleEndian(Awkward));
        string lines = string.Join(lineBreak, Enumerable.Range(0, (base64.Length + 7) / 8)
            .Select(i => base64.Substring(i * 8, Math.Min(8, base64.Length - (i * 8)))));
        string text = lineBreak + lines + lineBreak;
        Assert.Equal(TestArrays.Bits(Awkward), TestArrays.Bits(BakedWeights.Decode(Awkward.Length, Encoding.UTF8.GetBytes(text)).ToArray()));
        Assert.Equal(TestArrays.Bits(Awkward), TestArrays.Bits(BakedWeights.Decode(Awkward.Length, text).ToArray()));
    }

    [Fact]
    public void Text_that_is_not_exactly_the_floats_is_refused()
    {
        string twoFloats = Convert.ToBase64String(new byte[8]);
        Assert.Throws<ArgumentException>(() => BakedWeights.Decode(3, Encoding.UTF8.GetBytes(twoFloats)));
        Assert.Throws<ArgumentException>(() => BakedWeights.Decode(1, Encoding.UTF8.GetBytes(twoFloats)));
        Assert.Throws<ArgumentException>(() => BakedWeights.Decode(2, Encoding.UTF8.GetBytes("AAAA*AAAAAA=")));
        Assert.Throws<ArgumentException>(() => BakedWeights.Decode(3, twoFloats));
        Assert.Throws<ArgumentException>(() => BakedWeights.Decode(1, twoFloats));
        Assert.Throws<ArgumentException>(() => BakedWeights.Decode(2, "AAAA*AAAAAA="));
    }

    // Vector loads that straddle two cache lines cost the kernels a quarter of their speed (docs/lab/2026-12-06-kernels-per-width.md).
    [Theory]
    [InlineData(1)]
    [InlineData(65)]
    [InlineData(65536)]
    public void Decoded_weights_and_arranged_ones_start_on_a_64_byte_boundary(int count)
    {
        string base64 = Convert.ToBase64String(new byte[4 * count]);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(0, AddressOf(BakedWeights.Decode(count, base64)) % 64);
            Assert.Equal(0, AddressOf(AlignedWeights.Allocate(count)) % 64);
        }
    }

    private static long AddressOf(ArraySegment<float> segment)
    {
        GCHandle handle = GCHandle.Alloc(segment.Array, GCHandleType.Pinned);
        try
        {
            return handle.AddrOfPinnedObject() + ((long)segment.Offset * sizeof(float));
        }
        finally
        {
            handle.Free();
        }
    }
}
