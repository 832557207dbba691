using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnn.Kernels;

/// <summary>
/// The inference kernels. Each output element sees the same operations in the same order whatever the
/// vector width: lanes run across output elements, never across a sum, so no reduction ever changes shape.
/// Multiplies and adds stay separate instructions (no FMA anywhere).
/// </summary>
internal static class VectorKernels
{
    /// <summary>
    /// <c>y[i] += Σ_j x[j]·W[i, j]</c>, adding the terms in increasing j. <paramref name="weightsPacked"/> is the
    /// weight matrix in <see cref="WeightLayout.Pack{T}"/>'s panels: 64 outputs at a time, input-major, so each input
    /// streams 64 contiguous weights and each panel is read front to back.
    /// </summary>
    /// <remarks>
    /// A panel's partial sums stay in vector registers for the whole sum over j and are stored once, so the loop is
    /// bound by reading the weights, not by storing y once per input. Each output still sees one rounded multiply and
    /// one rounded add per j, in increasing j, whatever panel or register block it falls in.
    /// </remarks>
    public static void MultiplyAccumulate(ReadOnlySpan<float> weightsPacked, ReadOnlySpan<float> x, Span<float> y)
    {
        int outputs = y.Length, inputs = x.Length;
        if (weightsPacked.Length != inputs * outputs)
        {
            ThrowShape();
        }

        ref float w = ref MemoryMarshal.GetReference(weightsPacked);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float yRef = ref MemoryMarshal.GetReference(y);
        for (int first = 0; first < outputs; first += WeightLayout.PanelWidth)
        {
            int width = Math.Min(WeightLayout.PanelWidth, outputs - first);
            Panel(ref Unsafe.Add(ref w, (nint)first * inputs), ref xRef, inputs, width, ref Unsafe.Add(ref yRef, first));
        }
    }

    // One panel of width outputs; its weights for input j are the width floats at w + j·width.
    private static void Panel(ref float w, ref float x, int inputs, int width, ref float y)
    {
        int n = Vector<float>.Count, i = 0;
        for (; i <= width - (8 * n); i += 8 * n)
        {
            EightVectors(ref Unsafe.Add(ref w, i), ref x, inputs, width, ref Unsafe.Add(ref y, i));
        }

        for (; i <= width - n; i += n)
        {
            OneVector(ref Unsafe.Add(ref w, i), ref x, inputs, width, ref Unsafe.Add(ref y, i));
        }

        for (; i < width; i++)
        {
            OneOutput(ref Unsafe.Add(ref w, i), ref x, inputs, width, ref Unsafe.Add(ref y, i));
        }
    }

    // Eight vectors of outputs starting at y; w is the weight of the first of them for input 0, a row is stride apart.
    private static void EightVectors(ref float w, ref float x, int inputs, int stride, ref float y)
    {
        int n = Vector<float>.Count;
        Vector<float> y0 = Vector.LoadUnsafe(ref y), y1 = Vector.LoadUnsafe(ref y, (nuint)n),
            y2 = Vector.LoadUnsafe(ref y, (nuint)(2 * n)), y3 = Vector.LoadUnsafe(ref y, (nuint)(3 * n)),
            y4 = Vector.LoadUnsafe(ref y, (nuint)(4 * n)), y5 = Vector.LoadUnsafe(ref y, (nuint)(5 * n)),
            y6 = Vector.LoadUnsafe(ref y, (nuint)(6 * n)), y7 = Vector.LoadUnsafe(ref y, (nuint)(7 * n));
        for (int j = 0; j < inputs; j++)
        {
            Vector<float> xj = new(Unsafe.Add(ref x, j));
            ref float row = ref Unsafe.Add(ref w, (nint)j * stride);
            y0 += Vector.LoadUnsafe(ref row) * xj;
            y1 += Vector.LoadUnsafe(ref row, (nuint)n) * xj;
            y2 += Vector.LoadUnsafe(ref row, (nuint)(2 * n)) * xj;
            y3 += Vector.LoadUnsafe(ref row, (nuint)(3 * n)) * xj;
            y4 += Vector.LoadUnsafe(ref row, (nuint)(4 * n)) * xj;
            y5 += Vector.LoadUnsafe(ref row, (nuint)(5 * n)) * xj;
            y6 += Vector.LoadUnsafe(ref row, (nuint)(6 * n)) * xj;
            y7 += Vector.LoadUnsafe(ref row, (nuint)(7 * n)) * xj;
        }

        y0.StoreUnsafe(ref y);
        y1.StoreUnsafe(ref y, (nuint)n);
        y2.StoreUnsafe(ref y, (nuint)(2 * n));
        y3.StoreUnsafe(ref y, (nuint)(3 * n));
        y4.StoreUnsafe(ref y, (nuint)(4 * n));
        y5.StoreUnsafe(ref y, (nuint)(5 * n));
        y6.StoreUnsafe(ref y, (nuint)(6 * n));
        y7.StoreUnsafe(ref y, (nuint)(7 * n));
    }

    private static void OneVector(ref float w, ref float x, int inputs, int stride, ref float y)
    {
        Vector<float> sum = Vector.LoadUnsafe(ref y);
        for (int j = 0; j < inputs; j++)
        {
            sum += Vector.LoadUnsafe(ref Unsafe.Add(ref w, (nint)j * stride)) * new Vector<float>(Unsafe.Add(ref x, j));
        }

        sum.StoreUnsafe(ref y);
    }

    private static void OneOutput(ref float w, ref float x, int inputs, int stride, ref float y)
    {
        float sum = y;
        for (int j = 0; j < inputs; j++)
        {
            sum += Unsafe.Add(ref w, (nint)j * stride) * Unsafe.Add(ref x, j);
        }

        y = sum;
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
