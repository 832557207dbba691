using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnn.Training.Numerics;

/// <summary>
/// <c>C += A·B</c> for the training math, generic so the gradient check runs the same code in double.
/// B and C are row-major; A is read through two strides, so A or its transpose is passed without a copy.
/// Lanes run across the columns of C; each element adds its terms in increasing k, in blocks of 256.
/// </summary>
/// <remarks>
/// Every element gets the same bits at every vector width and on every machine (docs/determinism.md, "Training"): a
/// block's terms are one chain of fused multiply-adds from zero (two, even and odd k, added at the end, for a row past
/// the last group of 4), added to C once per block. Fused everywhere: .NET specifies its fused multiply-add to round
/// once even where the CPU has no FMA instruction, and the CPUs that train fast all have one.
/// </remarks>
/// <remarks>
/// B is always read from panels of two vectors' width (packed per call, or once in a <see cref="PackedMatrix{T}"/>).
/// The last panel is padded with zeros, so a width that is not a multiple of the vector (H = 100, V = 65) runs the
/// same vector kernels as the rest; only its valid columns are added to C.
/// </remarks>
internal static class Gemm
{
    private const int InnerBlock = 256;
    private const int RowBlock = 128;

    /// <summary><c>C[rows, columns] += A[rows, inner] · B[inner, columns]</c>, all row-major.</summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int rows, int inner, int columns)
        where T : unmanaged, INumber<T> =>
        MultiplyAdd(a, inner, 1, b, c, rows, inner, columns, default);

    /// <summary>
    /// <c>C[rows, columns] += A[rows, inner] · B</c> where <paramref name="packed"/> holds B's panels packed in advance:
    /// for a B that many products read, such as the weights at every time step.
    /// </summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> a, PackedMatrix<T> packed, Span<T> c, int rows)
        where T : unmanaged, INumber<T> =>
        MultiplyAdd(a, packed.Inner, 1, default, c, rows, packed.Inner, packed.Columns, packed.Panels);

    /// <summary><c>C[rows, columns] += Aᵀ · B</c> where A is stored row-major as <c>[inner, rows]</c>.</summary>
    public static void TransposedMultiplyAdd<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int rows, int inner, int columns)
        where T : unmanaged, INumber<T> =>
        MultiplyAdd(a, 1, rows, b, c, rows, inner, columns, default);

    /// <summary>The length of B's packed panels: its columns rounded up to whole panels.</summary>
    public static int PackedLength<T>(int inner, int columns)
        where T : unmanaged, INumber<T> =>
        inner * PaddedColumns<T>(columns);

    /// <summary>
    /// Copies B, element (k, j) at <c>b[k·rowStride + j·columnStride]</c>, into <paramref name="panels"/> in the order
    /// the products read it; a column stride above 1 packs a row-major matrix's transpose without copying it first.
    /// </summary>
    /// <remarks>Layout: k-block after k-block (rows k0.. of B), and within a block panel after panel, each panel
    /// <c>block × 2·width</c> values row after row, the last one padded with zeros.</remarks>
    public static void PackPanels<T>(ReadOnlySpan<T> b, int rowStride, int columnStride, Span<T> panels, int inner, int columns)
        where T : unmanaged, INumber<T>
    {
        int padded = PaddedColumns<T>(columns);
        if ((inner > 0 && columns > 0 && b.Length < (inner - 1) * rowStride + (columns - 1) * columnStride + 1)
            || panels.Length < inner * padded)
        {
            ThrowShape();
        }

        for (int k = 0; k < inner; k += InnerBlock)
        {
            int block = Math.Min(InnerBlock, inner - k);
            for (int j = 0; j < padded; j += 2 * Vector<T>.Count)
            {
                PackPanel(b, rowStride, columnStride, k, block, j, columns, panels.Slice(k * padded + j * block));
            }
        }
    }

    private static int PaddedColumns<T>(int columns)
        where T : unmanaged, INumber<T>
    {
        int pair = 2 * Vector<T>.Count;
        return (columns + pair - 1) / pair * pair;
    }

    // Element A[r, k] is a[r·rowStride + k·innerStride]. Panels, when given, are B's, packed by PackPanels; otherwise
    // B is row-major and each panel is packed as the products reach it.
    private static void MultiplyAdd<T>(ReadOnlySpan<T> a, int rowStride, int innerStride, ReadOnlySpan<T> b, Span<T> c,
        int rows, int inner, int columns, ReadOnlySpan<T> panels)
        where T : unmanaged, INumber<T>
    {
        if (rows == 0 || columns == 0 || inner == 0)
        {
            return;
        }

        CheckShape<T>(a.Length, rowStride, innerStride, b.Length, c.Length, rows, inner, columns, panels.IsEmpty ? -1 : panels.Length);
        int pair = 2 * Vector<T>.Count;
        int padded = PaddedColumns<T>(columns);
        // A panel of B (InnerBlock × two vectors) packed per call goes to contiguous stack memory: in place its rows sit a
        // whole row of B apart (4 KiB for 1,024 columns), all in the same few L1 sets. Packed (8 KiB in float at AVX2),
        // it stays in L1 while a block of rows of A streams past it; the block's rows of A stay in L1/L2 across panels.
        Span<T> panelScratch = panels.IsEmpty ? stackalloc T[InnerBlock * pair] : default;
        // A read through its transpose (the weight gradients) has its k terms a whole row apart: the block's rows are packed,
        // 4 rows by k, so a tile reads them one after another. A row-major A is read in place, even with rows a page apart
        // (the backward step's 16 rows of 1,024 gate gradients): packing them made that product slower.
        bool packRows = innerStride != 1;
        Span<T> rowScratch = packRows ? stackalloc T[Math.Min(rows, RowBlock) * Math.Min(inner, InnerBlock)] : default;
        // The last, partial panel's tiles go here first; only its valid columns reach C.
        Span<T> tile = stackalloc T[4 * pair];
        ref T c0 = ref MemoryMarshal.GetReference(c);
        for (int k = 0; k < inner; k += InnerBlock)
        {
            int block = Math.Min(InnerBlock, inner - k);
            ReadOnlySpan<T> aBlock = a[(k * innerStride)..];
            for (int first = 0; first < rows; first += RowBlock)
            {
                int end = Math.Min(rows, first + RowBlock);
                int tiled = first + (end - first) / 4 * 4;
                if (packRows)
                {
                    PackRows(aBlock, rowStride, innerStride, block, first, tiled, rowScratch);
                }

                for (int j = 0; j < columns; j += pair)
                {
                    ReadOnlySpan<T> panel = panels.IsEmpty
                        ? PackPanel(b, columns, 1, k, block, j, columns, panelScratch)
                        : panels.Slice(k * padded + j * block, block * pair);
                    int valid = Math.Min(pair, columns - j);
                    for (int r = first; r < end; r += 4)
                    {
                        int count = Math.Min(4, end - r);
                        ref T target = ref valid == pair ? ref Unsafe.Add(ref c0, r * columns + j) : ref MemoryMarshal.GetReference(tile);
                        int targetColumns = valid == pair ? columns : pair;
                        if (valid < pair)
                        {
                            LoadTile(c[(r * columns + j)..], columns, count, valid, tile, pair);
                        }

                        if (count == 4)
                        {
                            ref T aRows = ref packRows
                                ? ref rowScratch[(r - first) * block]
                                : ref Unsafe.Add(ref MemoryMarshal.GetReference(aBlock), r * rowStride);
                            FourRowsTwoVectors(ref aRows, packRows ? 1 : rowStride, packRows ? 4 : innerStride, block, panel,
                                ref target, targetColumns);
                        }
                        else
                        {
                            for (int i = 0; i < count; i++)
                            {
                                OneRowTwoVectors(ref Unsafe.Add(ref MemoryMarshal.GetReference(aBlock), (r + i) * rowStride),
                                    innerStride, block, panel, ref Unsafe.Add(ref target, i * targetColumns));
                            }
                        }

                        if (valid < pair)
                        {
                            StoreTile(tile, pair, c[(r * columns + j)..], columns, count, valid);
                        }
                    }
                }
            }
        }
    }

    // The lengths MultiplyAdd needs; panelsLength is -1 when B is read in place.
    private static void CheckShape<T>(int aLength, int rowStride, int innerStride, int bLength, int cLength, int rows, int inner,
        int columns, int panelsLength)
        where T : unmanaged, INumber<T>
    {
        if (aLength < (rows - 1) * rowStride + (inner - 1) * innerStride + 1 || cLength < rows * columns
            || (panelsLength < 0 ? bLength < inner * columns : panelsLength < PackedLength<T>(inner, columns)))
        {
            ThrowShape();
        }
    }

    // Copies the valid columns of C's rows into a partial panel's tile (zeros past them), so the kernel adds to C's
    // values exactly as it does for a whole panel: which columns fall in the partial panel depends on the width.
    private static void LoadTile<T>(ReadOnlySpan<T> c, int columns, int count, int valid, Span<T> tile, int pair)
        where T : unmanaged, INumber<T>
    {
        tile.Clear();
        for (int i = 0; i < count; i++)
        {
            c.Slice(i * columns, valid).CopyTo(tile[(i * pair)..]);
        }
    }

    // Copies the valid columns of a partial panel's tile (rows of width pair) back to C, whose rows are columns apart.
    private static void StoreTile<T>(ReadOnlySpan<T> tile, int pair, Span<T> c, int columns, int count, int valid)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < count; i++)
        {
            tile.Slice(i * pair, valid).CopyTo(c[(i * columns)..]);
        }
    }

    // Copies rows k0 .. k0 + block of columns j0 .. j0 + 2·width of B (zeros past its last column) into panel, row
    // after row, and returns the packed part.
    private static ReadOnlySpan<T> PackPanel<T>(ReadOnlySpan<T> b, int rowStride, int columnStride, int k0, int block, int j0,
        int columns, Span<T> panel)
        where T : unmanaged, INumber<T>
    {
        int width = Vector<T>.Count, pair = 2 * width;
        int valid = Math.Min(pair, columns - j0);
        panel = panel[..(block * pair)];
        if (valid == pair && columnStride == 1)
        {
            for (int k = 0; k < block; k++)
            {
                ReadOnlySpan<T> row = b.Slice((k0 + k) * rowStride + j0, pair);
                new Vector<T>(row).CopyTo(panel[(k * pair)..]);
                new Vector<T>(row[width..]).CopyTo(panel[(k * pair + width)..]);
            }

            return panel;
        }

        if (valid < pair)
        {
            panel.Clear();
        }

        // A column of B is a row of its source when the column stride is the long one: read it contiguously.
        for (int column = 0; column < valid; column++)
        {
            ReadOnlySpan<T> source = b[((j0 + column) * columnStride + k0 * rowStride)..];
            for (int k = 0; k < block; k++)
            {
                panel[k * pair + column] = source[k * rowStride];
            }
        }

        return panel;
    }

    // Copies rows first..tiled of A's block into rows, 4 rows at a time: quad q holds A(first+4q+i, k) at (q·inner + k)·4 + i.
    private static void PackRows<T>(ReadOnlySpan<T> a, int rowStride, int innerStride, int inner, int first, int tiled, Span<T> rows)
        where T : unmanaged, INumber<T>
    {
        for (int r = first; r < tiled; r += 4)
        {
            Span<T> quad = rows.Slice((r - first) * inner, 4 * inner);
            for (int k = 0; k < inner; k++)
            {
                int at = r * rowStride + k * innerStride;
                quad[4 * k] = a[at];
                quad[4 * k + 1] = a[at + rowStride];
                quad[4 * k + 2] = a[at + 2 * rowStride];
                quad[4 * k + 3] = a[at + 3 * rowStride];
            }
        }
    }

    // The register tile: 4 rows of C by two vectors, eight accumulators kept in registers over the whole k loop.
    // Element (i, k) of the 4 rows is Unsafe.Add(ref a, i·rowStride + k·innerStride); panel holds B's two vectors per k.
    // Not inlined: on its own the loop keeps its strides and count in registers (inlined into the blocking loops, the JIT
    // spilled them and reloaded them from the stack on every k).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FourRowsTwoVectors<T>(ref T a, nint rowStride, nint innerStride, int inner, ReadOnlySpan<T> panel,
        ref T c, int cColumns)
        where T : unmanaged, INumber<T>
    {
        nint width = Vector<T>.Count;
        Vector<T> c00 = Vector<T>.Zero, c01 = Vector<T>.Zero, c10 = Vector<T>.Zero, c11 = Vector<T>.Zero;
        Vector<T> c20 = Vector<T>.Zero, c21 = Vector<T>.Zero, c30 = Vector<T>.Zero, c31 = Vector<T>.Zero;
        ref T b = ref MemoryMarshal.GetReference(panel);
        ref T a1 = ref Unsafe.Add(ref a, rowStride);
        ref T a2 = ref Unsafe.Add(ref a, 2 * rowStride);
        ref T a3 = ref Unsafe.Add(ref a, 3 * rowStride);
        for (nint k = 0, at = 0; k < inner; k++, at += innerStride)
        {
            Vector<T> b0 = Vector.LoadUnsafe(ref b);
            Vector<T> b1 = Vector.LoadUnsafe(ref b, (nuint)width);
            var x = new Vector<T>(Unsafe.Add(ref a, at));
            c00 = MultiplyAdd(x, b0, c00);
            c01 = MultiplyAdd(x, b1, c01);
            x = new Vector<T>(Unsafe.Add(ref a1, at));
            c10 = MultiplyAdd(x, b0, c10);
            c11 = MultiplyAdd(x, b1, c11);
            x = new Vector<T>(Unsafe.Add(ref a2, at));
            c20 = MultiplyAdd(x, b0, c20);
            c21 = MultiplyAdd(x, b1, c21);
            x = new Vector<T>(Unsafe.Add(ref a3, at));
            c30 = MultiplyAdd(x, b0, c30);
            c31 = MultiplyAdd(x, b1, c31);
            b = ref Unsafe.Add(ref b, 2 * width);
        }

        AddTo(ref c, c00, c01);
        AddTo(ref Unsafe.Add(ref c, cColumns), c10, c11);
        AddTo(ref Unsafe.Add(ref c, 2 * cColumns), c20, c21);
        AddTo(ref Unsafe.Add(ref c, 3 * cColumns), c30, c31);
    }

    // One row of C by two vectors, for the rows past the last group of 4 (a single stream's step). Even and odd k go to
    // separate accumulators, added at the end, so two chains of fused multiply-adds overlap their latency.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void OneRowTwoVectors<T>(ref T a, int innerStride, int inner, ReadOnlySpan<T> panel, ref T c)
        where T : unmanaged, INumber<T>
    {
        int width = Vector<T>.Count;
        int columns = 2 * width;
        Vector<T> even0 = Vector<T>.Zero, even1 = Vector<T>.Zero, odd0 = Vector<T>.Zero, odd1 = Vector<T>.Zero;
        ref T b = ref MemoryMarshal.GetReference(panel);
        int k = 0;
        for (; k + 1 < inner; k += 2)
        {
            var a0 = new Vector<T>(a);
            var a1 = new Vector<T>(Unsafe.Add(ref a, innerStride));
            even0 = MultiplyAdd(a0, Vector.LoadUnsafe(ref b), even0);
            even1 = MultiplyAdd(a0, Vector.LoadUnsafe(ref b, (nuint)width), even1);
            odd0 = MultiplyAdd(a1, Vector.LoadUnsafe(ref b, (nuint)columns), odd0);
            odd1 = MultiplyAdd(a1, Vector.LoadUnsafe(ref b, (nuint)(columns + width)), odd1);
            a = ref Unsafe.Add(ref a, 2 * innerStride);
            b = ref Unsafe.Add(ref b, 2 * columns);
        }

        if (k < inner)
        {
            var a0 = new Vector<T>(a);
            even0 = MultiplyAdd(a0, Vector.LoadUnsafe(ref b), even0);
            even1 = MultiplyAdd(a0, Vector.LoadUnsafe(ref b, (nuint)width), even1);
        }

        AddTo(ref c, even0 + odd0, even1 + odd1);
    }

    // a·b + c rounded once, with or without an FMA instruction (see the remarks above).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
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
}
