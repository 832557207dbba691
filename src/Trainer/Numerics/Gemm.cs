using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CharRnn.Training.Numerics;

/// <summary>
/// <c>C += A·B</c> for the training math, generic so the gradient check runs the same code in double.
/// B and C are row-major; A is read through two strides, so A or its transpose is passed without a copy.
/// Lanes run across the columns of C; each element adds its terms in increasing k, in blocks of 128.
/// </summary>
internal static class Gemm
{
    private const int InnerBlock = 128;
    private const int RowBlock = 128;

    /// <summary><c>C[rows, columns] += A[rows, inner] · B[inner, columns]</c>, all row-major.</summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int rows, int inner, int columns)
        where T : unmanaged, INumber<T> =>
        MultiplyAdd(a, inner, 1, b, c, rows, inner, columns);

    /// <summary>
    /// <c>C[rows, columns] += A[rows, inner] · B</c> where <paramref name="packed"/> holds B's panels packed in advance:
    /// for a B that many products read, such as the recurrent weights at every time step.
    /// </summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> a, PackedMatrix<T> packed, Span<T> c, int rows)
        where T : unmanaged, INumber<T> =>
        MultiplyAdd(a, packed.Inner, 1, packed.Source, c, rows, packed.Inner, packed.Columns, packed.Panels);

    /// <summary><c>C[rows, columns] += Aᵀ · B</c> where A is stored row-major as <c>[inner, rows]</c>.</summary>
    public static void TransposedMultiplyAdd<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int rows, int inner, int columns)
        where T : unmanaged, INumber<T> =>
        MultiplyAdd(a, 1, rows, b, c, rows, inner, columns);

    /// <summary>Copies every panel of <paramref name="b"/> into <paramref name="panels"/> in the order the products read them.</summary>
    /// <remarks>Layout: k-block after k-block (rows k0.. of B), and within a block panel after panel, each panel
    /// <c>block × 2·width</c> values row after row. Columns past the last whole panel are not packed.</remarks>
    public static void PackPanels<T>(ReadOnlySpan<T> b, Span<T> panels, int inner, int columns)
        where T : unmanaged, INumber<T>
    {
        int pair = 2 * Vector<T>.Count;
        int pairColumns = columns - columns % pair;
        for (int k = 0; k < inner; k += InnerBlock)
        {
            int block = Math.Min(InnerBlock, inner - k);
            var m = new Operands<T>(default, 0, 0, b[(k * columns)..], default, block, columns);
            for (int j = 0; j < pairColumns; j += pair)
            {
                Pack(m, j, panels.Slice(k * pairColumns + j * block, block * pair));
            }
        }
    }

    // Element A[r, k] is a[r·rowStride + k·innerStride]. Panels, when given, are B's, packed by PackPanels.
    private static void MultiplyAdd<T>(ReadOnlySpan<T> a, int rowStride, int innerStride, ReadOnlySpan<T> b, Span<T> c,
        int rows, int inner, int columns, ReadOnlySpan<T> panels = default)
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

        // Long inner dimensions (the weight gradients sum over every row of a chunk) go in blocks, so the block of B
        // being streamed stays in cache while every tile of C reads it.
        for (int k = 0; k < inner; k += InnerBlock)
        {
            int block = Math.Min(InnerBlock, inner - k);
            var m = new Operands<T>(a[(k * innerStride)..], rowStride, innerStride, b[(k * columns)..], c, block, columns);
            int pairColumns = columns - columns % (2 * Vector<T>.Count);
            MultiplyAddBlock(m, rows, panels.IsEmpty ? default : panels.Slice(k * pairColumns, block * pairColumns));
        }
    }

    private static void MultiplyAddBlock<T>(in Operands<T> m, int rows, ReadOnlySpan<T> packedBlock)
        where T : unmanaged, INumber<T>
    {
        int columns = m.Columns;
        int width = Vector<T>.Count;
        int vectorColumns = columns - columns % width;
        int pairColumns = columns - columns % (2 * width);
        // Each panel of B (InnerBlock × two vectors) is copied into contiguous stack memory before the tiles read it.
        // In place, its rows sit a whole row of B apart (4 KiB for 1,024 columns): every one maps to the same few L1
        // sets, so the panel could never stay in L1. Packed (8 KiB in float at AVX2), it stays there while a block of
        // rows of A streams past it; the block's rows of A stay in L1/L2 across panels.
        Span<T> scratch = packedBlock.IsEmpty ? stackalloc T[InnerBlock * 2 * width] : default;
        // A read through its transpose (the weight gradients) has its k terms a whole row apart, and rows of 1,024 or
        // more floats sit a page apart: either way the block's rows alias in L1 as B's panel would. The block's rows
        // are then packed too, 4 rows by k, so a tile reads them one after another.
        bool packRows = m.InnerStride != 1 || m.RowStride * Unsafe.SizeOf<T>() >= 4096;
        Span<T> rowScratch = packRows ? stackalloc T[RowBlock * InnerBlock] : default;
        for (int first = 0; first < rows; first += RowBlock)
        {
            int end = Math.Min(rows, first + RowBlock);
            int tiled = first + (end - first) / 4 * 4;
            if (packRows)
            {
                PackRows(m, first, tiled, rowScratch);
            }

            for (int j = 0; j < pairColumns && tiled > first; j += 2 * width)
            {
                ReadOnlySpan<T> panel = packedBlock.IsEmpty ? Pack(m, j, scratch) : packedBlock.Slice(j * m.Inner, m.Inner * 2 * width);
                for (int r = first; r < tiled; r += 4)
                {
                    ref T a = ref packRows ? ref rowScratch[(r - first) * m.Inner] : ref m.A(r, 0);
                    FourRowsTwoVectors(ref a, packRows ? 1 : m.RowStride, packRows ? 4 : m.InnerStride, m.Inner, panel,
                        ref m.C(r, j), m.Columns);
                }
            }

            for (int r = first; r < end; r++)
            {
                for (int j = r < tiled ? pairColumns : 0; j < vectorColumns; j += width)
                {
                    OneRowOneVector(m, r, j);
                }
            }
        }

        for (int row = 0; row < rows; row++)
        {
            for (int j = vectorColumns; j < columns; j++)
            {
                T sum = T.Zero;
                for (int k = 0; k < m.Inner; k++)
                {
                    sum += m.A(row, k) * m.B(k, j);
                }

                m.C(row, j) += sum;
            }
        }
    }

    // Copies columns j .. j + 2·width of B's block rows into panel, row after row, and returns it.
    private static ReadOnlySpan<T> Pack<T>(in Operands<T> m, int j, Span<T> panel)
        where T : unmanaged, INumber<T>
    {
        int width = Vector<T>.Count, columns = m.Columns, inner = m.Inner;
        ref T source = ref m.B(0, j);
        ref T target = ref MemoryMarshal.GetReference(panel);
        for (int k = 0; k < inner; k++)
        {
            Vector.LoadUnsafe(ref source).StoreUnsafe(ref target);
            Vector.LoadUnsafe(ref source, (nuint)width).StoreUnsafe(ref target, (nuint)width);
            source = ref Unsafe.Add(ref source, columns);
            target = ref Unsafe.Add(ref target, 2 * width);
        }

        return panel;
    }

    // Copies rows first..tiled of A's block into rows, 4 rows at a time: quad q holds A(first+4q+i, k) at (q·inner + k)·4 + i.
    private static void PackRows<T>(in Operands<T> m, int first, int tiled, Span<T> rows)
        where T : unmanaged, INumber<T>
    {
        int inner = m.Inner;
        for (int r = first; r < tiled; r += 4)
        {
            Span<T> quad = rows.Slice((r - first) * inner, 4 * inner);
            for (int k = 0; k < inner; k++)
            {
                quad[4 * k] = m.A(r, k);
                quad[4 * k + 1] = m.A(r + 1, k);
                quad[4 * k + 2] = m.A(r + 2, k);
                quad[4 * k + 3] = m.A(r + 3, k);
            }
        }
    }

    // The register tile: 4 rows of C by two vectors, eight accumulators kept in registers over the whole k loop.
    // Element (i, k) of the 4 rows is Unsafe.Add(ref a, i·rowStride + k·innerStride); panel holds B's two vectors per k.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRowsTwoVectors<T>(ref T a, int rowStride, int innerStride, int inner, ReadOnlySpan<T> panel,
        ref T c, int cColumns)
        where T : unmanaged, INumber<T>
    {
        int width = Vector<T>.Count;
        int columns = 2 * width;
        Vector<T> c00 = Vector<T>.Zero, c01 = Vector<T>.Zero, c10 = Vector<T>.Zero, c11 = Vector<T>.Zero;
        Vector<T> c20 = Vector<T>.Zero, c21 = Vector<T>.Zero, c30 = Vector<T>.Zero, c31 = Vector<T>.Zero;
        ref T b = ref MemoryMarshal.GetReference(panel);
        for (int k = 0; k < inner; k++)
        {
            Vector<T> b0 = Vector.LoadUnsafe(ref b);
            Vector<T> b1 = Vector.LoadUnsafe(ref b, (nuint)width);
            var a0 = new Vector<T>(a);
            var a1 = new Vector<T>(Unsafe.Add(ref a, rowStride));
            var a2 = new Vector<T>(Unsafe.Add(ref a, 2 * rowStride));
            var a3 = new Vector<T>(Unsafe.Add(ref a, 3 * rowStride));
            c00 = MultiplyAdd(a0, b0, c00);
            c01 = MultiplyAdd(a0, b1, c01);
            c10 = MultiplyAdd(a1, b0, c10);
            c11 = MultiplyAdd(a1, b1, c11);
            c20 = MultiplyAdd(a2, b0, c20);
            c21 = MultiplyAdd(a2, b1, c21);
            c30 = MultiplyAdd(a3, b0, c30);
            c31 = MultiplyAdd(a3, b1, c31);
            a = ref Unsafe.Add(ref a, innerStride);
            b = ref Unsafe.Add(ref b, columns);
        }

        AddTo(ref c, c00, c01);
        AddTo(ref Unsafe.Add(ref c, cColumns), c10, c11);
        AddTo(ref Unsafe.Add(ref c, 2 * cColumns), c20, c21);
        AddTo(ref Unsafe.Add(ref c, 3 * cColumns), c30, c31);
    }

    private static void OneRowOneVector<T>(in Operands<T> m, int r, int j)
        where T : unmanaged, INumber<T>
    {
        Vector<T> sum = Vector<T>.Zero;
        ref T a = ref m.A(r, 0);
        ref T b = ref m.B(0, j);
        for (int k = 0; k < m.Inner; k++)
        {
            sum = MultiplyAdd(new Vector<T>(a), Vector.LoadUnsafe(ref b), sum);
            a = ref Unsafe.Add(ref a, m.InnerStride);
            b = ref Unsafe.Add(ref b, m.Columns);
        }

        ref T cRow = ref m.C(r, j);
        (Vector.LoadUnsafe(ref cRow) + sum).StoreUnsafe(ref cRow);
    }

    // a·b + c, fused where the hardware fuses (training does not need the bit-exactness inference does).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, INumber<T>
    {
        if (Fma.IsSupported || AdvSimd.Arm64.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
            }
        }

        return c + a * b;
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

        public Operands(ReadOnlySpan<T> a, int rowStride, int innerStride, ReadOnlySpan<T> b, Span<T> c, int inner, int columns)
        {
            _a = ref MemoryMarshal.GetReference(a);
            _b = ref MemoryMarshal.GetReference(b);
            _c = ref MemoryMarshal.GetReference(c);
            RowStride = rowStride;
            InnerStride = innerStride;
            Inner = inner;
            Columns = columns;
        }

        public int RowStride { get; }

        public int InnerStride { get; }

        public int Inner { get; }

        public int Columns { get; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref T A(int row, int k) => ref Unsafe.Add(ref _a, row * RowStride + k * InnerStride);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref T B(int k, int column) => ref Unsafe.Add(ref _b, k * Columns + column);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref T C(int row, int column) => ref Unsafe.Add(ref _c, row * Columns + column);
    }
}
