using System.Numerics;
using System.Runtime.CompilerServices;

namespace CharRnn.Kernels;

/// <summary>
/// exp, tanh and the logistic sigmoid from IEEE +, −, ×, ÷, compares and bit moves only, with no fused multiply-add, so the scalar
/// and vector forms give the same bits on every machine. (MathF.Exp and TensorPrimitives.Exp do not: the
/// first calls the C runtime, the second a width-specific polynomial.) Each vector form mirrors its scalar
/// form operation for operation; change them together.
/// </summary>
internal static class DeterministicMath
{
    // Inputs are clamped so that 2^n stays a normal float: exp(-87.33) ≈ 1.2e-38, exp(88.37) ≈ 2.5e38.
    private const float ExpMin = -87.33f;
    private const float ExpMax = 88.37f;
    private const float Log2E = 1.44269504f;
    // ln 2 split in two (Cody and Waite) so n·ln2 is subtracted with little rounding error.
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    // Adding then subtracting 1.5·2^23 rounds to the nearest integer (ties to even) in float arithmetic. In between,
    // the sum's bits are RoundMagicBits + n, so n is read from them with an integer subtraction: no float-to-int
    // conversion, which SSE2 (a default NativeAOT build) cannot do for vectors without a call.
    private const float RoundMagic = 12582912f;
    private const int RoundMagicBits = 0x4B400000;
    // Taylor coefficients 1/k! for the reduced argument |r| ≤ ln2/2; the error is below 2 ulp.
    private const float C2 = 0.5f, C3 = 1f / 6f, C4 = 1f / 24f, C5 = 1f / 120f, C6 = 1f / 720f;
    // tanh(9) rounds to 1 in float32, so larger inputs clamp there.
    private const float TanhLimit = 9f;

    /// <summary>e^x for a float; inputs beyond about ±88 are clamped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        x = x < ExpMin ? ExpMin : x;
        x = x > ExpMax ? ExpMax : x;
        float shifted = x * Log2E + RoundMagic;
        float n = shifted - RoundMagic;
        float r = (x - n * Ln2High) - n * Ln2Low;
        float p = 1f + r * (1f + r * (C2 + r * (C3 + r * (C4 + r * (C5 + r * C6)))));
        float scale = BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(shifted) - RoundMagicBits + 127) << 23);
        return p * scale;
    }

    /// <summary>e^x for each lane, bit-identical to <see cref="Exp(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
        x = Vector.ConditionalSelect(Vector.LessThan(x, new Vector<float>(ExpMin)), new Vector<float>(ExpMin), x);
        x = Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<float>(ExpMax)), new Vector<float>(ExpMax), x);
        Vector<float> magic = new(RoundMagic);
        Vector<float> shifted = x * new Vector<float>(Log2E) + magic;
        Vector<float> n = shifted - magic;
        Vector<float> r = (x - n * new Vector<float>(Ln2High)) - n * new Vector<float>(Ln2Low);
        Vector<float> one = Vector<float>.One;
        Vector<float> p = one + r * (one + r * (new Vector<float>(C2) + r * (new Vector<float>(C3)
            + r * (new Vector<float>(C4) + r * (new Vector<float>(C5) + r * new Vector<float>(C6))))));
        Vector<int> exponent = Vector.ShiftLeft(Vector.AsVectorInt32(shifted) - new Vector<int>(RoundMagicBits - 127), 23);
        return p * Vector.AsVectorSingle(exponent);
    }

    /// <summary>
    /// σ(x) = 1 / (1 + e^{−x}), with −x a sign flip. Saturates without NaN: e^{−x} is clamped finite, so the
    /// result runs from about 4e-39 (x ≤ −88.37) up to exactly 1 (x ≥ 17).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + Exp(-x));

    /// <summary>σ for each lane, bit-identical to <see cref="Sigmoid(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Sigmoid(Vector<float> x)
    {
        // A sign flip by XOR, as scalar negation is, rather than 0 − x (which would turn +0 into +0, not −0).
        Vector<float> negated = x ^ new Vector<float>(-0f);
        return Vector<float>.One / (Vector<float>.One + Exp(negated));
    }

    /// <summary>tanh(x) = (e^{2|x|} − 1) / (e^{2|x|} + 1) with the sign of x; |x| is clamped to 9.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        float a = MathF.Abs(x);
        a = a > TanhLimit ? TanhLimit : a;
        float e = Exp(a + a);
        return MathF.CopySign((e - 1f) / (e + 1f), x);
    }

    /// <summary>tanh for each lane, bit-identical to <see cref="Tanh(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Tanh(Vector<float> x)
    {
        Vector<float> signMask = new(-0f);
        Vector<float> a = Vector.AndNot(x, signMask);
        Vector<float> limit = new(TanhLimit);
        a = Vector.ConditionalSelect(Vector.GreaterThan(a, limit), limit, a);
        Vector<float> e = Exp(a + a);
        Vector<float> t = (e - Vector<float>.One) / (e + Vector<float>.One);
        return t | (x & signMask);
    }
}
