namespace CharRnn.Training.Numerics;

/// <summary>
/// The natural logarithm from IEEE +, −, ×, ÷ and bit moves only, so the loss (which picks the best model) has the
/// same bits on every machine; Math.Log calls the C runtime, whose results may differ by platform.
/// </summary>
internal static class DeterministicLog
{
    private const double Ln2 = 0.6931471805599453;
    private const double Sqrt2 = 1.4142135623730951;
    private const double Smallest = 2.2250738585072014E-308;

    /// <summary>ln x for a double, within a few ulp; NaN, infinities, zero and negatives as Math.Log gives them.</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || double.IsPositiveInfinity(x))
        {
            return Math.Log(x); // NaN, ±∞: exact special values on every platform
        }

        if (x < Smallest)
        {
            return Log(x * 18014398509481984.0) - 54 * Ln2; // subnormal: scale by 2^54 (exact) first
        }

        // x = m·2^e with m in [√2/2, √2); ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + ...) with s = (m−1)/(m+1), |s| < 0.172.
        long bits = BitConverter.DoubleToInt64Bits(x);
        int e = (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000);
        if (m > Sqrt2)
        {
            m *= 0.5;
            e++;
        }

        double s = (m - 1) / (m + 1);
        double z = s * s;
        double series = 1 + z * (1.0 / 3 + z * (1.0 / 5 + z * (1.0 / 7 + z * (1.0 / 9 + z * (1.0 / 11 + z * (1.0 / 13
            + z * (1.0 / 15 + z * (1.0 / 17 + z * (1.0 / 19 + z * (1.0 / 21))))))))));
        return (e * Ln2) + (2 * s * series);
    }
}
