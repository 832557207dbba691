using CharRnn.CompilerServices;
namespace CharRnn.Runtime.Tests;

public class RandomTests
{
    // Expected values computed independently (Python, from the published SplitMix64 and xoshiro256** algorithms).
    [Theory]
    [InlineData(0UL, 0x99ec5f36cb75f2b4UL, 0xbf6e1f784956452aUL, 0x1a5f849d4933e6e0UL)]
    [InlineData(42UL, 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL)]
    [InlineData(ulong.MaxValue, 0x8f5520d52a7ead08UL, 0xc476a018caa1802dUL, 0x81de31c0d260469eUL)]
    public void Stream_matches_the_reference_algorithm(ulong seed, ulong first, ulong second, ulong third)
    {
        var random = new CharRnnRandom(seed);
        Assert.Equal(first, random.NextUInt64());
        Assert.Equal(second, random.NextUInt64());
        Assert.Equal(third, random.NextUInt64());
    }

    [Fact]
    public void NextSingle_is_the_top_24_bits_scaled_into_the_unit_interval()
    {
        var bits = new CharRnnRandom(7);
        var floats = new CharRnnRandom(7);
        for (int i = 0; i < 10_000; i++)
        {
            ulong expected = bits.NextUInt64() >> 40;
            float value = floats.NextSingle();
            Assert.InRange(value, 0f, 0.99999994f);
            Assert.Equal(expected, (ulong)(value * 16777216f));
        }
    }
}
