using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CharRnn.Kernels;

/// <summary>
/// The exact integer sums of one panel of <see cref="Int8Product"/>: <c>sums[r] = Σ_g Σ_k q[r, 4g+k] · xq[4g+k]</c>,
/// with a 32-bit lane per row. x64 has no signed×signed byte product: the <c>pmaddubsw</c> paths take |x| as the
/// unsigned side and move x's sign onto the weights (<c>psignb</c>), so each pair of products is at most 2·127·127,
/// inside the 16 bits <c>pmaddubsw</c> keeps; the VNNI path shifts x by 128 instead (<see cref="PanelAvxVnni"/>).
/// </summary>
internal static class Int8Dot
{
    // The bytes of one group of a panel: four inputs of every row.
    private const int GroupBytes = Int8Product.PanelRows * Int8Product.GroupColumns;

    public static void PanelScalar(ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> inputGroups, Span<int> sums)
    {
        sums.Clear();
        ReadOnlySpan<sbyte> inputs = MemoryMarshal.Cast<int, sbyte>(inputGroups);
        for (int g = 0; g < inputGroups.Length; g++)
        {
            ReadOnlySpan<sbyte> group = panel.Slice(g * Int8Product.PanelRows * Int8Product.GroupColumns);
            for (int r = 0; r < Int8Product.PanelRows; r++)
            {
                int sum = 0;
                for (int k = 0; k < Int8Product.GroupColumns; k++)
                {
                    sum += group[(r * Int8Product.GroupColumns) + k] * inputs[(g * Int8Product.GroupColumns) + k];
                }

                sums[r] += sum;
            }
        }
    }

    public static void PanelSsse3(ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> inputGroups, Span<int> sums) =>
        Panel128<Ssse3Dot>(panel, inputGroups, sums);

    public static void PanelArmDotProduct(ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> inputGroups, Span<int> sums) =>
        Panel128<ArmDot>(panel, inputGroups, sums);

    // Without sdot (Cortex-A53, A72 and other ARMv8.0 cores): widening multiplies to 16 bits, pairs added into 32-bit
    // lanes (sadalp); each row's two lanes meet at the end.
    public static void PanelAdvSimd(ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> inputGroups, Span<int> sums)
    {
        ref sbyte weights = ref MemoryMarshal.GetReference(panel);
        Span<Vector128<int>> halves = stackalloc Vector128<int>[2 * Int8Product.PanelRows / 4];
        halves.Clear();
        for (int g = 0; g < inputGroups.Length; g++)
        {
            Vector128<sbyte> x = Vector128.Create(inputGroups[g]).AsSByte();
            ref sbyte group = ref Unsafe.Add(ref weights, g * Int8Product.PanelRows * Int8Product.GroupColumns);
            for (int v = 0; v < halves.Length / 2; v++)
            {
                Vector128<sbyte> w = Vector128.LoadUnsafe(ref group, (nuint)(v * 16));
                halves[2 * v] = AdvSimd.AddPairwiseWideningAndAdd(halves[2 * v], AdvSimd.MultiplyWideningLower(w.GetLower(), x.GetLower()));
                halves[(2 * v) + 1] = AdvSimd.AddPairwiseWideningAndAdd(halves[(2 * v) + 1], AdvSimd.MultiplyWideningUpper(w, x));
            }
        }

        for (int v = 0; v < halves.Length / 2; v++)
        {
            AdvSimd.Arm64.AddPairwise(halves[2 * v], halves[(2 * v) + 1]).CopyTo(sums[(4 * v)..]);
        }
    }

    // Any other 128-bit SIMD (WebAssembly, where a browser app runs): portable widening multiplies, each row's four
    // products added into its own 32-bit vector, whose lanes meet at the end.
    public static void PanelWidening(ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> inputGroups, Span<int> sums)
    {
        ref sbyte weights = ref MemoryMarshal.GetReference(panel);
        Span<Vector128<int>> rows = stackalloc Vector128<int>[Int8Product.PanelRows];
        rows.Clear();
        for (int g = 0; g < inputGroups.Length; g++)
        {
            Vector128<short> x = Vector128.WidenLower(Vector128.Create(inputGroups[g]).AsSByte());
            ref sbyte group = ref Unsafe.Add(ref weights, g * Int8Product.PanelRows * Int8Product.GroupColumns);
            for (int v = 0; v < Int8Product.PanelRows / 4; v++)
            {
                Vector128<sbyte> w = Vector128.LoadUnsafe(ref group, (nuint)(v * 16));
                Vector128<short> low = Vector128.WidenLower(w) * x, high = Vector128.WidenUpper(w) * x;
                rows[4 * v] += Vector128.WidenLower(low);
                rows[(4 * v) + 1] += Vector128.WidenUpper(low);
                rows[(4 * v) + 2] += Vector128.WidenLower(high);
                rows[(4 * v) + 3] += Vector128.WidenUpper(high);
            }
        }

        for (int r = 0; r < rows.Length; r++)
        {
            sums[r] = Vector128.Sum(rows[r]);
        }
    }

    public static void PanelAvx2(ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> inputGroups, Span<int> sums, int rows) =>
        Panel256<Avx2Dot>(panel, inputGroups, sums, rows);

    // vpdpbusd multiplies unsigned by signed bytes: with the input shifted to x + 128 (Int8Product quantizes it so),
    // each row's sum is Σ w·x + 128·Σ w, and the row sums WeightLayout.PackInt8 stores take the second term away. One
    // instruction per 32 weights, the load folded in, against three for the sign trick.
    public static void PanelAvxVnni(ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> shiftedInputGroups, ReadOnlySpan<int> rowSums, Span<int> sums, int rows)
    {
        Panel256<VnniDot>(panel, shiftedInputGroups, sums, rows);
        for (int i = 0; i < rows; i += Vector256<int>.Count)
        {
            (Vector256.Create<int>(sums[i..]) - (Vector256.Create<int>(rowSums[i..]) << 7)).CopyTo(sums[i..]);
        }
    }

    // Eight 128-bit sums of four rows each: one group of the panel per iteration.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Panel128<TDot>(ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> inputGroups, Span<int> sums)
        where TDot : IDot128
    {
        ref sbyte weights = ref MemoryMarshal.GetReference(panel);
        Vector128<int> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (int g = 0; g < inputGroups.Length; g++)
        {
            Vector128<sbyte> x = Vector128.Create(inputGroups[g]).AsSByte();
            Vector128<byte> unsigned = TDot.Unsigned(x);
            ref sbyte group = ref Unsafe.Add(ref weights, g * Int8Product.PanelRows * Int8Product.GroupColumns);
            s0 = TDot.Add(s0, Vector128.LoadUnsafe(ref group), x, unsigned);
            s1 = TDot.Add(s1, Vector128.LoadUnsafe(ref group, 16), x, unsigned);
            s2 = TDot.Add(s2, Vector128.LoadUnsafe(ref group, 32), x, unsigned);
            s3 = TDot.Add(s3, Vector128.LoadUnsafe(ref group, 48), x, unsigned);
            s4 = TDot.Add(s4, Vector128.LoadUnsafe(ref group, 64), x, unsigned);
            s5 = TDot.Add(s5, Vector128.LoadUnsafe(ref group, 80), x, unsigned);
            s6 = TDot.Add(s6, Vector128.LoadUnsafe(ref group, 96), x, unsigned);
            s7 = TDot.Add(s7, Vector128.LoadUnsafe(ref group, 112), x, unsigned);
        }

        s0.CopyTo(sums);
        s1.CopyTo(sums[4..]);
        s2.CopyTo(sums[8..]);
        s3.CopyTo(sums[12..]);
        s4.CopyTo(sums[16..]);
        s5.CopyTo(sums[20..]);
        s6.CopyTo(sums[24..]);
        s7.CopyTo(sums[28..]);
    }

    // The sums of the first `rows` rows: a whole panel, or for the last panel of a matrix only the vectors of eight
    // rows that hold some (a readout of 65 rows reads a quarter of its last panel).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Panel256<TDot>(ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> inputGroups, Span<int> sums, int rows)
        where TDot : IDot256
    {
        if (rows > Int8Product.PanelRows - Vector256<int>.Count)
        {
            WholePanel256<TDot>(panel, inputGroups, sums);
            return;
        }

        for (int first = 0; first < rows; first += Vector256<int>.Count)
        {
            RowsOfPanel256<TDot>(panel[(first * Int8Product.GroupColumns)..], inputGroups).CopyTo(sums[first..]);
        }
    }

    // Four 256-bit sums of eight rows each, kept twice over (even and odd groups; a packed row holds whole pairs) so
    // eight chains of additions overlap: a dot-product instruction waits several cycles for its own last result.
    // Written out rather than through a helper taking the sums by reference, which would keep them in memory.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WholePanel256<TDot>(ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> inputGroups, Span<int> sums)
        where TDot : IDot256
    {
        ref sbyte group = ref MemoryMarshal.GetReference(panel);
        Vector256<int> s0 = default, s1 = default, s2 = default, s3 = default, t0 = default, t1 = default, t2 = default, t3 = default;
        for (int g = 0; g < inputGroups.Length; g += 2)
        {
            Vector256<sbyte> x = Vector256.Create(inputGroups[g]).AsSByte();
            Vector256<byte> unsigned = TDot.Unsigned(x);
            s0 = TDot.Add(s0, Vector256.LoadUnsafe(ref group), x, unsigned);
            s1 = TDot.Add(s1, Vector256.LoadUnsafe(ref group, 32), x, unsigned);
            s2 = TDot.Add(s2, Vector256.LoadUnsafe(ref group, 64), x, unsigned);
            s3 = TDot.Add(s3, Vector256.LoadUnsafe(ref group, 96), x, unsigned);
            x = Vector256.Create(inputGroups[g + 1]).AsSByte();
            unsigned = TDot.Unsigned(x);
            t0 = TDot.Add(t0, Vector256.LoadUnsafe(ref group, GroupBytes), x, unsigned);
            t1 = TDot.Add(t1, Vector256.LoadUnsafe(ref group, GroupBytes + 32), x, unsigned);
            t2 = TDot.Add(t2, Vector256.LoadUnsafe(ref group, GroupBytes + 64), x, unsigned);
            t3 = TDot.Add(t3, Vector256.LoadUnsafe(ref group, GroupBytes + 96), x, unsigned);
            group = ref Unsafe.Add(ref group, 2 * GroupBytes);
        }

        (s0 + t0).CopyTo(sums);
        (s1 + t1).CopyTo(sums[8..]);
        (s2 + t2).CopyTo(sums[16..]);
        (s3 + t3).CopyTo(sums[24..]);
    }

    // The sums of eight rows (one vector of each group; `eightRows` starts at the first of them in the first group),
    // in four chains over groups g mod 4.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> RowsOfPanel256<TDot>(ReadOnlySpan<sbyte> eightRows, ReadOnlySpan<int> inputGroups)
        where TDot : IDot256
    {
        ref sbyte group = ref MemoryMarshal.GetReference(eightRows);
        Vector256<int> s0 = default, s1 = default, s2 = default, s3 = default;
        int g = 0;
        for (; g <= inputGroups.Length - 4; g += 4)
        {
            s0 = AddGroup<TDot>(s0, ref group, inputGroups[g], 0);
            s1 = AddGroup<TDot>(s1, ref group, inputGroups[g + 1], 1);
            s2 = AddGroup<TDot>(s2, ref group, inputGroups[g + 2], 2);
            s3 = AddGroup<TDot>(s3, ref group, inputGroups[g + 3], 3);
            group = ref Unsafe.Add(ref group, 4 * GroupBytes);
        }

        if (g < inputGroups.Length)
        {
            s0 = AddGroup<TDot>(s0, ref group, inputGroups[g], 0);
            s1 = AddGroup<TDot>(s1, ref group, inputGroups[g + 1], 1);
        }

        return (s0 + s1) + (s2 + s3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> AddGroup<TDot>(Vector256<int> sum, ref sbyte group, int inputs, int offset)
        where TDot : IDot256
    {
        Vector256<sbyte> x = Vector256.Create(inputs).AsSByte();
        return TDot.Add(sum, Vector256.LoadUnsafe(ref group, (nuint)(offset * GroupBytes)), x, TDot.Unsigned(x));
    }

    private interface IDot128
    {
        /// <summary>The unsigned operand the product takes for the input bytes <paramref name="x"/> (none on arm64).</summary>
        static abstract Vector128<byte> Unsigned(Vector128<sbyte> x);

        static abstract Vector128<int> Add(Vector128<int> sum, Vector128<sbyte> weights, Vector128<sbyte> x, Vector128<byte> unsigned);
    }

    // The products of |x| and the weights signed by x, then pairs of pairs: 16-bit, then 32-bit sums.
    private readonly struct Ssse3Dot : IDot128
    {
        public static Vector128<byte> Unsigned(Vector128<sbyte> x) => Ssse3.Abs(x);

        public static Vector128<int> Add(Vector128<int> sum, Vector128<sbyte> weights, Vector128<sbyte> x, Vector128<byte> unsigned) =>
            Sse2.Add(sum, Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(unsigned, Ssse3.Sign(weights, x)), Vector128.Create((short)1)));
    }

    // arm64's sdot multiplies signed bytes by signed bytes and adds each four into a 32-bit lane.
    private readonly struct ArmDot : IDot128
    {
        public static Vector128<byte> Unsigned(Vector128<sbyte> x) => default;

        public static Vector128<int> Add(Vector128<int> sum, Vector128<sbyte> weights, Vector128<sbyte> x, Vector128<byte> unsigned) =>
            Dp.DotProduct(sum, weights, x);
    }

    private interface IDot256
    {
        /// <summary>The unsigned operand the product takes for the input bytes <paramref name="x"/>.</summary>
        static abstract Vector256<byte> Unsigned(Vector256<sbyte> x);

        static abstract Vector256<int> Add(Vector256<int> sum, Vector256<sbyte> weights, Vector256<sbyte> x, Vector256<byte> unsigned);
    }

    // |x| times the weights signed by x: pmaddubsw's pairs stay inside 16 bits.
    private readonly struct Avx2Dot : IDot256
    {
        public static Vector256<byte> Unsigned(Vector256<sbyte> x) => Avx2.Abs(x);

        public static Vector256<int> Add(Vector256<int> sum, Vector256<sbyte> weights, Vector256<sbyte> x, Vector256<byte> unsigned) =>
            Avx2.Add(sum, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(unsigned, Avx2.Sign(weights, x)), Vector256.Create((short)1)));
    }

    // The input arrives shifted to unsigned already (Int8Product quantizes it so); vpdpbusd adds into 32 bits without
    // saturating.
    private readonly struct VnniDot : IDot256
    {
        public static Vector256<byte> Unsigned(Vector256<sbyte> x) => x.AsByte();

        public static Vector256<int> Add(Vector256<int> sum, Vector256<sbyte> weights, Vector256<sbyte> x, Vector256<byte> unsigned) =>
            AvxVnni.MultiplyWideningAndAdd(sum, unsigned, weights);
    }
}
