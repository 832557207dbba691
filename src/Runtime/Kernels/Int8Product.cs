using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CharRnn.Kernels;

/// <summary>
/// The product of an int8 matrix with a float vector (docs/determinism.md, "Int8 models"): the vector is rounded to
/// int8 (<c>rint(127·x)</c>), each row's integer sum is exact, and one float multiply and divide scale it. Exact
/// integer sums leave the order free, so each machine uses its dot-product instructions and every one gives the
/// same bits.
/// </summary>
/// <remarks>
/// The matrix is packed by <see cref="WeightLayout.PackInt8"/>: panels of <see cref="PanelRows"/> rows, and in each
/// panel, for every group of four inputs, the four values of each row side by side: one 32-bit lane per row holds
/// the four products a dot-product instruction (<c>pmaddubsw</c>+<c>pmaddwd</c>, <c>vpdpbusd</c>, <c>sdot</c>, <c>smull</c>+<c>sadalp</c>) sums.
/// </remarks>
internal static class Int8Product
{
    /// <summary>The rows of one panel: 128 bytes per group of four inputs, eight 128-bit or four 256-bit vectors.</summary>
    public const int PanelRows = WeightLayout.Int8PanelRows;

    /// <summary>The inputs one 32-bit lane sums.</summary>
    public const int GroupColumns = WeightLayout.Int8GroupColumns;

    private const int GroupBytes = PanelRows * GroupColumns;

    /// <summary>The instruction sets that can run the product, each with the same result.</summary>
    internal enum Path
    {
        Scalar,
        Ssse3,
        Avx2,
        AvxVnni,
        ArmDotProduct,
        AdvSimd,
        Widening,
    }

    /// <summary>The fastest path this machine runs.</summary>
    internal static Path Best { get; } =
        AvxVnni.IsSupported ? Path.AvxVnni
        : Avx2.IsSupported ? Path.Avx2
        : Ssse3.IsSupported ? Path.Ssse3
        : Dp.IsSupported ? Path.ArmDotProduct
        : AdvSimd.Arm64.IsSupported ? Path.AdvSimd
        : Vector128.IsHardwareAccelerated ? Path.Widening
        : Path.Scalar;

    /// <summary>Whether this machine can run <paramref name="path"/>.</summary>
    internal static bool IsSupported(Path path) => path switch
    {
        Path.Ssse3 => Ssse3.IsSupported,
        Path.Avx2 => Avx2.IsSupported,
        Path.AvxVnni => AvxVnni.IsSupported,
        Path.ArmDotProduct => Dp.IsSupported,
        Path.AdvSimd => AdvSimd.Arm64.IsSupported,
        Path.Widening => Vector128.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary><c>y[r] += (float(Σ_j q[r, j] · xq[j]) · scales[r]) / 127</c> for every row r, with <c>xq = rint(127·x)</c>.</summary>
    public static void MultiplyAccumulate(ReadOnlySpan<sbyte> packed, ReadOnlySpan<float> scales, ReadOnlySpan<float> x, Span<float> y) =>
        MultiplyAccumulate(Best, packed, scales, x, y);

    /// <summary>The product on one path (tests run every path this machine has).</summary>
    internal static void MultiplyAccumulate(Path path, ReadOnlySpan<sbyte> packed, ReadOnlySpan<float> scales, ReadOnlySpan<float> x, Span<float> y)
    {
        int groups = WeightLayout.Int8PaddedColumns(x.Length) / GroupColumns;
        if (y.Length != scales.Length || packed.Length != WeightLayout.ArrangedInt8Length(y.Length, x.Length, oneHotInput: false))
        {
            throw new ArgumentException("The packed matrix, its scales and the vectors do not agree in shape.");
        }

        Span<int> inputGroups = stackalloc int[groups];
        Quantize(x, MemoryMarshal.AsBytes(inputGroups), shiftToUnsigned: path == Path.AvxVnni);

        ReadOnlySpan<int> rowSums = MemoryMarshal.Cast<sbyte, int>(packed[WeightLayout.Int8PanelsLength(y.Length, x.Length)..]);
        Span<int> sums = stackalloc int[PanelRows];
        int panelBytes = groups * GroupBytes;
        for (int first = 0; first < y.Length; first += PanelRows)
        {
            int rows = Math.Min(PanelRows, y.Length - first);
            PanelSums(path, packed.Slice(first / PanelRows * panelBytes, panelBytes), inputGroups, rowSums.Slice(first, PanelRows), sums, rows);
            Scale(sums[..rows], scales.Slice(first, rows), y.Slice(first, rows));
        }
    }

    /// <summary><c>y[r] = bias[r] + (float(q[r, column]) · scales[r])</c>: the one-hot input's column, stored transposed.</summary>
    public static void AddColumn(ReadOnlySpan<float> bias, ReadOnlySpan<sbyte> transposed, ReadOnlySpan<float> scales, int column, Span<float> y)
    {
        ReadOnlySpan<sbyte> values = transposed.Slice(column * y.Length, y.Length);
        int n = Vector<float>.Count, r = 0;
        for (; r <= y.Length - Vector<sbyte>.Count; r += Vector<sbyte>.Count)
        {
            Vector.Widen(new Vector<sbyte>(values[r..]), out Vector<short> low, out Vector<short> high);
            Vector.Widen(low, out Vector<int> q0, out Vector<int> q1);
            Vector.Widen(high, out Vector<int> q2, out Vector<int> q3);
            AddScaled(bias, q0, scales, r, y);
            AddScaled(bias, q1, scales, r + n, y);
            AddScaled(bias, q2, scales, r + (2 * n), y);
            AddScaled(bias, q3, scales, r + (3 * n), y);
        }

        for (; r < y.Length; r++)
        {
            y[r] = bias[r] + (values[r] * scales[r]);
        }
    }

    // y[r..] = bias[r..] + (float(q) · scales[r..]) for one vector of rows: the scalar loop's two roundings.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled(ReadOnlySpan<float> bias, Vector<int> q, ReadOnlySpan<float> scales, int r, Span<float> y) =>
        (new Vector<float>(bias[r..]) + (Vector.ConvertToSingle(q) * new Vector<float>(scales[r..]))).CopyTo(y[r..]);

    // xq[j] = rint(127·x[j]), ties to even (adding and taking away 1.5·2^23 rounds a float below 2^22 to an integer
    // in any IEEE arithmetic), clamped to ±127; with shiftToUnsigned, xq[j] + 128 as a byte, the operand the VNNI
    // path takes (Int8Dot.PanelAvxVnni). The padding of the last group is 0: its weights are 0 either way.
    private static void Quantize(ReadOnlySpan<float> x, Span<byte> destination, bool shiftToUnsigned)
    {
        Span<sbyte> quantized = MemoryMarshal.Cast<byte, sbyte>(destination);
        quantized[x.Length..].Clear();
        sbyte flip = shiftToUnsigned ? sbyte.MinValue : (sbyte)0;
        int n = Vector<float>.Count, j = 0;
        for (; j <= x.Length - (4 * n); j += 4 * n)
        {
            Vector<short> low = Vector.Narrow(Rounded(x[j..]), Rounded(x[(j + n)..]));
            Vector<short> high = Vector.Narrow(Rounded(x[(j + (2 * n))..]), Rounded(x[(j + (3 * n))..]));
            (Vector.Narrow(low, high) ^ new Vector<sbyte>(flip)).CopyTo(quantized[j..]);
        }

        for (; j < x.Length; j++)
        {
            float rounded = ((x[j] * 127f) + RoundingShift) - RoundingShift;
            quantized[j] = (sbyte)(Math.Clamp((int)rounded, -127, 127) ^ flip);
        }
    }

    private const float RoundingShift = 12582912f;

    // The bits of RoundingShift: RoundingShift + n, for |n| < 2^22, has the bits RoundingShiftBits + n.
    private const int RoundingShiftBits = 0x4B400000;

    // The scalar loop's value (a NaN rounds to 0) without a float-to-int conversion, which SSE2 (a default NativeAOT
    // build) cannot do for vectors without a call: 127·x is clamped to ±127 first, then rounded by the shift and read
    // from the sum's bits. Clamping before rounding gives what clamping after does.
    private static Vector<int> Rounded(ReadOnlySpan<float> x)
    {
        var limit = new Vector<float>(127f);
        Vector<float> scaled = new Vector<float>(x) * limit;
        scaled = Vector.ConditionalSelect(Vector.GreaterThan(scaled, limit), limit, scaled);
        scaled = Vector.ConditionalSelect(Vector.LessThan(scaled, -limit), -limit, scaled);
        scaled = Vector.ConditionalSelect(Vector.Equals(scaled, scaled), scaled, Vector<float>.Zero);
        return Vector.AsVectorInt32(scaled + new Vector<float>(RoundingShift)) - new Vector<int>(RoundingShiftBits);
    }

    // y[r] = y[r] + ((float(sums[r]) · scales[r]) / 127), lanes across rows.
    private static void Scale(ReadOnlySpan<int> sums, ReadOnlySpan<float> scales, Span<float> y)
    {
        int r = 0;
        var divisor = new Vector<float>(127f);
        for (; r <= y.Length - Vector<float>.Count; r += Vector<float>.Count)
        {
            Vector<float> term = Vector.ConvertToSingle(new Vector<int>(sums[r..])) * new Vector<float>(scales[r..]) / divisor;
            (new Vector<float>(y[r..]) + term).CopyTo(y[r..]);
        }

        for (; r < y.Length; r++)
        {
            y[r] += (sums[r] * scales[r]) / 127f;
        }
    }

    // The sums of the panel's first `rows` rows (paths may sum more; the rest is padding).
    private static void PanelSums(Path path, ReadOnlySpan<sbyte> panel, ReadOnlySpan<int> inputGroups, ReadOnlySpan<int> rowSums, Span<int> sums, int rows)
    {
        switch (path)
        {
            case Path.AvxVnni:
                Int8Dot.PanelAvxVnni(panel, inputGroups, rowSums, sums, rows);
                break;
            case Path.Avx2:
                Int8Dot.PanelAvx2(panel, inputGroups, sums, rows);
                break;
            case Path.Ssse3:
                Int8Dot.PanelSsse3(panel, inputGroups, sums);
                break;
            case Path.ArmDotProduct:
                Int8Dot.PanelArmDotProduct(panel, inputGroups, sums);
                break;
            case Path.AdvSimd:
                Int8Dot.PanelAdvSimd(panel, inputGroups, sums);
                break;
            case Path.Widening:
                Int8Dot.PanelWidening(panel, inputGroups, sums);
                break;
            default:
                Int8Dot.PanelScalar(panel, inputGroups, sums);
                break;
        }
    }
}
