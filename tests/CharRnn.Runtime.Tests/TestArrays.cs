namespace CharRnn.Runtime.Tests;

/// <summary>Seeded inputs and bit views for the kernel tests.</summary>
internal static class TestArrays
{
    public static float[] Random(Random random, int length, float scale = 1f)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        return values;
    }

    /// <summary>The IEEE bits, so an assertion compares −0 and +0 (and NaN payloads) as different.</summary>
    public static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
