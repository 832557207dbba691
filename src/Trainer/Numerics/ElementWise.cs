using System.Numerics;
using System.Runtime.InteropServices;
using CharRnn.Kernels;

namespace CharRnn.Training.Numerics;

/// <summary>
/// The training math that is not a matrix product, giving the same bits at every vector width, JIT or NativeAOT, x64
/// or arm64 (docs/determinism.md, "Training"). In float, exp, tanh and σ are the runtime's
/// <see cref="DeterministicMath"/>; products and sums are separately rounded; reductions run in index order. Double
/// (the gradient check) takes the exact functions instead: it needs accuracy, not reproducibility.
/// </summary>
/// <remarks>TensorPrimitives' Tanh, Sigmoid, Exp and Sum are not used: their results depend on the vector width.</remarks>
internal static class ElementWise
{
    private delegate void FloatKernel(ReadOnlySpan<float> x, Span<float> y);

    /// <summary><c>y[i] = σ(x[i])</c>; x and y may be the same span.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Map(x, y, VectorKernels.Sigmoid, static value => T.One / (T.One + T.Exp(-value)));

    /// <summary><c>y[i] = tanh(x[i])</c>; x and y may be the same span.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Map(x, y, VectorKernels.Tanh, T.Tanh);

    // The runtime's kernel in float; the exact function element by element otherwise. Both delegates are cached.
    private static void Map<T>(ReadOnlySpan<T> x, Span<T> y, FloatKernel inFloat, Func<T, T> exact)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            inFloat(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y));
            return;
        }

        CheckLengths(x.Length, y.Length);
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = exact(x[i]);
        }
    }

    /// <summary><c>x[i] = e^x[i]</c> in place.</summary>
    public static void Exp<T>(Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float))
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = T.Exp(x[i]);
            }

            return;
        }

        // Whole vectors, then the tail through the scalar form, which gives the same bits.
        Span<float> values = MemoryMarshal.Cast<T, float>(x);
        int k = 0;
        for (; k <= values.Length - Vector<float>.Count; k += Vector<float>.Count)
        {
            DeterministicMath.Exp(new Vector<float>(values[k..])).CopyTo(values[k..]);
        }

        for (; k < values.Length; k++)
        {
            values[k] = DeterministicMath.Exp(values[k]);
        }
    }

    /// <summary><c>y[i] = (a[i]·b[i]) + addend[i]</c>, the product rounded before the sum (never fused).</summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> addend, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Length != y.Length || b.Length != y.Length || addend.Length != y.Length)
        {
            ThrowShape();
        }

        int k = 0;
        for (; k <= y.Length - Vector<T>.Count; k += Vector<T>.Count)
        {
            ((new Vector<T>(a[k..]) * new Vector<T>(b[k..])) + new Vector<T>(addend[k..])).CopyTo(y[k..]);
        }

        for (; k < y.Length; k++)
        {
            y[k] = (a[k] * b[k]) + addend[k];
        }
    }

    /// <summary>The sum of <paramref name="x"/>, added in index order from +0.</summary>
    public static T Sum<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        foreach (T value in x)
        {
            sum += value;
        }

        return sum;
    }

    /// <summary>The largest element, the first of equals in index order; NaN is never larger. <paramref name="x"/> is not empty.</summary>
    public static T Max<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            max = x[i] > max ? x[i] : max;
        }

        return max;
    }

    private static void CheckLengths(int x, int y)
    {
        if (x != y)
        {
            ThrowShape();
        }
    }

    private static void ThrowShape() => throw new ArgumentException("The spans' lengths do not match.");
}
