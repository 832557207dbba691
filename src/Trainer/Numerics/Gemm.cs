using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnn.Training.Numerics;

/// <summary>
/// <c>C += A·B</c> for the training math, generic so the gradient check runs the same code in double.
/// B and C are row-major; A is read through two strides, so A or its transpose is passed without a copy.
/// Lanes run across the columns of C and each element sums its terms in increasing k.
/// </summary>
internal static class Gemm
{
    /// <summary><c>C[rows, columns] += A[rows, inner] · B[inner, columns]</c>, all row-major.</summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int rows, int inner, int columns)
        where T : unmanaged, INumber<T> =>
        MultiplyAdd(a, inner, 1, b, c, rows, inner, columns);

    /// <summary><c>C[rows, columns] += Aᵀ · B</c> where A is stored row-major as <c>[inner, rows]</c>.</summary>
    public static void TransposedMultiplyAdd<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int rows, int inner, int columns)
        where T : unmanaged, INumber<T> =>
        MultiplyAdd(a, 1, rows, b, c, rows, inner, columns);

    /// <summary>Writes the transpose of the row-major <paramref name="rows"/>×<paramref name="columns"/> matrix.</summary>
    public static void Transpose<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> destination)
    {
        if (source.Length < rows * columns || destination.Length < rows * columns)
        {
            ThrowShape();
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                destination[c * rows + r] = source[r * columns + c];
            }
        }
    }

    // Element A[r, k] is a[r·rowStride + k·innerStride].
    private static void MultiplyAdd<T>(ReadOnlySpan<T> a, int rowStride, int innerStride, ReadOnlySpan<T> b, Span<T> c,
        int rows, int inner, int columns)
        where T : unmanaged, INumber<T>
    {
        if (rows == 0 || columns == 0 || inner == 0)
        {
            return;
        }

        if (a.Length < (rows - 1) * rowStride + (inner - 1) * innerStride + 1 || b.Length < inner * columns
            || c.Length < rows * columns)
        {
            ThrowShape();
        }

        var m = new Operands<T>(a, rowStride, innerStride, b, c, inner, columns);
        int width = Vector<T>.Count;
        int vectorColumns = columns - columns % width;
        int pairColumns = columns - columns % (2 * width);
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            for (int j = 0; j < pairColumns; j += 2 * width)
            {
                FourRowsTwoVectors(m, r, j);
            }

            for (int row = r; row < r + 4; row++)
            {
                for (int j = pairColumns; j < vectorColumns; j += width)
                {
                    OneRowOneVector(m, row, j);
                }
            }
        }

        for (; r < rows; r++)
        {
            for (int j = 0; j < vectorColumns; j += width)
            {
                OneRowOneVector(m, r, j);
            }
        }

        for (int row = 0; row < rows; row++)
        {
            for (int j = vectorColumns; j < columns; j++)
            {
                T sum = T.Zero;
                for (int k = 0; k < inner; k++)
                {
                    sum += m.A(row, k) * m.B(k, j);
                }

                m.C(row, j) += sum;
            }
        }
    }

    // The register tile: 4 rows of C by two vectors, eight accumulators kept in registers over the whole k loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRowsTwoVectors<T>(in Operands<T> m, int r, int j)
        where T : unmanaged, INumber<T>
    {
        int width = Vector<T>.Count;
        Vector<T> c00 = Vector<T>.Zero, c01 = Vector<T>.Zero, c10 = Vector<T>.Zero, c11 = Vector<T>.Zero;
        Vector<T> c20 = Vector<T>.Zero, c21 = Vector<T>.Zero, c30 = Vector<T>.Zero, c31 = Vector<T>.Zero;
        for (int k = 0; k < m.Inner; k++)
        {
            ref T bRow = ref m.B(k, j);
            Vector<T> b0 = Vector.LoadUnsafe(ref bRow);
            Vector<T> b1 = Vector.LoadUnsafe(ref bRow, (nuint)width);
            var a0 = new Vector<T>(m.A(r, k));
            var a1 = new Vector<T>(m.A(r + 1, k));
            var a2 = new Vector<T>(m.A(r + 2, k));
            var a3 = new Vector<T>(m.A(r + 3, k));
            c00 += a0 * b0;
            c01 += a0 * b1;
            c10 += a1 * b0;
            c11 += a1 * b1;
            c20 += a2 * b0;
            c21 += a2 * b1;
            c30 += a3 * b0;
            c31 += a3 * b1;
        }

        AddTo(ref m.C(r, j), c00, c01);
        AddTo(ref m.C(r + 1, j), c10, c11);
        AddTo(ref m.C(r + 2, j), c20, c21);
        AddTo(ref m.C(r + 3, j), c30, c31);
    }

    private static void OneRowOneVector<T>(in Operands<T> m, int r, int j)
        where T : unmanaged, INumber<T>
    {
        Vector<T> sum = Vector<T>.Zero;
        for (int k = 0; k < m.Inner; k++)
        {
            sum += new Vector<T>(m.A(r, k)) * Vector.LoadUnsafe(ref m.B(k, j));
        }

        ref T cRow = ref m.C(r, j);
        (Vector.LoadUnsafe(ref cRow) + sum).StoreUnsafe(ref cRow);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo<T>(ref T cRow, Vector<T> first, Vector<T> second)
        where T : unmanaged, INumber<T>
    {
        (Vector.LoadUnsafe(ref cRow) + first).StoreUnsafe(ref cRow);
        (Vector.LoadUnsafe(ref cRow, (nuint)Vector<T>.Count) + second).StoreUnsafe(ref cRow, (nuint)Vector<T>.Count);
    }

    private static void ThrowShape() => throw new ArgumentException("The matrices' lengths do not match their shapes.");

    // The three matrices as references with their strides; bounds were checked once by MultiplyAdd.
    private readonly ref struct Operands<T>
        where T : unmanaged
    {
        private readonly ref T _a;
        private readonly ref T _b;
        private readonly ref T _c;
        private readonly int _rowStride;
        private readonly int _innerStride;
        private readonly int _columns;

        public Operands(ReadOnlySpan<T> a, int rowStride, int innerStride, ReadOnlySpan<T> b, Span<T> c, int inner, int columns)
        {
            _a = ref MemoryMarshal.GetReference(a);
            _b = ref MemoryMarshal.GetReference(b);
            _c = ref MemoryMarshal.GetReference(c);
            _rowStride = rowStride;
            _innerStride = innerStride;
            Inner = inner;
            _columns = columns;
        }

        public int Inner { get; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T A(int row, int k) => Unsafe.Add(ref _a, row * _rowStride + k * _innerStride);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref T B(int k, int column) => ref Unsafe.Add(ref _b, k * _columns + column);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref T C(int row, int column) => ref Unsafe.Add(ref _c, row * _columns + column);
    }
}
