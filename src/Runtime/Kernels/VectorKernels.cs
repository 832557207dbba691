using System.Numerics;

namespace CharRnn.Kernels;

/// <summary>
/// The elementwise inference kernels (the matrix product is <see cref="PackedProduct"/>). Each output element sees
/// the same operations in the same order whatever the vector width: lanes run across output elements, never across a
/// sum. Multiplies and adds stay separate instructions (no FMA anywhere).
/// </summary>
internal static class VectorKernels
{
    /// <summary><c>y[i] = a[i] + b[i]</c>.</summary>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        if (a.Length != y.Length || b.Length != y.Length)
        {
            ThrowShape();
        }

        int i = 0;
        for (; i <= y.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            (new Vector<float>(a[i..]) + new Vector<float>(b[i..])).CopyTo(y[i..]);
        }

        for (; i < y.Length; i++)
        {
            y[i] = a[i] + b[i];
        }
    }

    /// <summary><c>y[i] = a[i] · b[i]</c>.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        if (a.Length != y.Length || b.Length != y.Length)
        {
            ThrowShape();
        }

        int i = 0;
        for (; i <= y.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            (new Vector<float>(a[i..]) * new Vector<float>(b[i..])).CopyTo(y[i..]);
        }

        for (; i < y.Length; i++)
        {
            y[i] = a[i] * b[i];
        }
    }

    /// <summary><c>y[i] = tanh(x[i])</c> by <see cref="DeterministicMath.Tanh(float)"/>; x and y may be the same span.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Map<TanhOperator>(x, y);

    /// <summary><c>y[i] = σ(x[i])</c> by <see cref="DeterministicMath.Sigmoid(float)"/>; x and y may be the same span.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Map<SigmoidOperator>(x, y);

    // One loop for every elementwise function: whole vectors, then the tail through the scalar form, which gives
    // the same bits, so where the vectors end (which depends on the width) cannot change a result.
    private static void Map<TOperator>(ReadOnlySpan<float> x, Span<float> y)
        where TOperator : IUnaryOperator
    {
        if (x.Length != y.Length)
        {
            ThrowShape();
        }

        int i = 0;
        for (; i <= y.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            TOperator.Invoke(new Vector<float>(x[i..])).CopyTo(y[i..]);
        }

        for (; i < y.Length; i++)
        {
            y[i] = TOperator.Invoke(x[i]);
        }
    }

    internal static void ThrowShape() =>
        throw new ArgumentException("The spans' lengths do not match the kernel's shape.");

    private interface IUnaryOperator
    {
        static abstract float Invoke(float x);

        static abstract Vector<float> Invoke(Vector<float> x);
    }

    private readonly struct TanhOperator : IUnaryOperator
    {
        public static float Invoke(float x) => DeterministicMath.Tanh(x);

        public static Vector<float> Invoke(Vector<float> x) => DeterministicMath.Tanh(x);
    }

    private readonly struct SigmoidOperator : IUnaryOperator
    {
        public static float Invoke(float x) => DeterministicMath.Sigmoid(x);

        public static Vector<float> Invoke(Vector<float> x) => DeterministicMath.Sigmoid(x);
    }
}
