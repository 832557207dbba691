using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnn.Kernels;

/// <summary>
/// The inference kernels. Each output element sees the same operations in the same order whatever the
/// vector width: lanes run across output elements, never across a sum, so no reduction ever changes shape.
/// Multiplies and adds stay separate instructions (no FMA anywhere).
/// </summary>
public static class VectorKernels
{
    /// <summary>
    /// <c>y[i] += Σ_j x[j]·Wt[j, i]</c>, adding the terms in increasing j. <paramref name="weightsTransposed"/> is the
    /// weight matrix stored input-major (<c>[x.Length, y.Length]</c>), so each input streams one contiguous row.
    /// </summary>
    public static void MultiplyAccumulate(ReadOnlySpan<float> weightsTransposed, ReadOnlySpan<float> x, Span<float> y)
    {
        int outputs = y.Length;
        if (weightsTransposed.Length != x.Length * outputs)
        {
            ThrowShape();
        }

        ref float w = ref MemoryMarshal.GetReference(weightsTransposed);
        ref float yRef = ref MemoryMarshal.GetReference(y);
        int vectorEnd = outputs - outputs % Vector<float>.Count;
        for (int j = 0; j < x.Length; j++)
        {
            float xj = x[j];
            ref float row = ref Unsafe.Add(ref w, j * outputs);
            Vector<float> xv = new(xj);
            int i = 0;
            for (; i < vectorEnd; i += Vector<float>.Count)
            {
                ref float yi = ref Unsafe.Add(ref yRef, i);
                Vector<float> sum = Vector.LoadUnsafe(ref yi) + Vector.LoadUnsafe(ref row, (nuint)i) * xv;
                sum.StoreUnsafe(ref yi);
            }

            for (; i < outputs; i++)
            {
                Unsafe.Add(ref yRef, i) += Unsafe.Add(ref row, i) * xj;
            }
        }
    }

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
