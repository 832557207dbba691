using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CharRnn.Kernels;

/// <summary>
/// <c>y[i] += Σ_j x[j]·W[i, j]</c>, adding the terms in increasing j, with W in <see cref="WeightLayout.Pack{T}"/>'s
/// panels: 64 outputs at a time, input-major, so each input streams 64 contiguous weights. Lanes run across outputs,
/// never across a sum, and every output sees one rounded multiply and one rounded add per j, in increasing j, whatever
/// the width, register block or panel it falls in: the bits are the same at every width. Only the blocking differs
/// per width, so that each width keeps enough independent sums in flight to be bound by reading the weights.
/// </summary>
internal static class PackedProduct
{
    private const int Panel = WeightLayout.PanelWidth;

    // Inputs per block where a panel takes two passes: 32 rows of a panel are 8 KB of weights, well inside L1.
    private const int TwoPassInputs = 32;

    /// <summary>
    /// The product at the width the runtime gives <see cref="Vector{T}"/>: 128 bits on arm64 and in a default
    /// NativeAOT build, 256 or 512 under the JIT (<c>DOTNET_PreferredVectorBitWidth</c>,
    /// <c>DOTNET_MaxVectorTBitWidth</c>) or with a NativeAOT instruction set. The test is a constant where the code is
    /// compiled, so one branch remains.
    /// </summary>
    public static void MultiplyAccumulate(ReadOnlySpan<float> weightsPacked, ReadOnlySpan<float> x, Span<float> y)
    {
        if (Vector<float>.Count == Vector512<float>.Count)
        {
            MultiplyAccumulate<Width512, Vector512<float>>(weightsPacked, x, y, ThirtyTwoVectorRegisters);
        }
        else if (Vector<float>.Count == Vector256<float>.Count)
        {
            MultiplyAccumulate<Width256, Vector256<float>>(weightsPacked, x, y, ThirtyTwoVectorRegisters);
        }
        else
        {
            MultiplyAccumulate<Width128, Vector128<float>>(weightsPacked, x, y, ThirtyTwoVectorRegisters);
        }
    }

    // arm64 has 32 vector registers, and x64 with AVX-512 encodings (only ever under the JIT); SSE and AVX have 16.
    private static bool ThirtyTwoVectorRegisters => AdvSimd.Arm64.IsSupported || Avx512F.VL.IsSupported;

    /// <summary>
    /// The product at one width (tests call each width directly), with blocks for a register file of 32 vectors or
    /// of 16.
    /// </summary>
    internal static void MultiplyAccumulate<TWidth, TVector>(ReadOnlySpan<float> weightsPacked, ReadOnlySpan<float> x, Span<float> y,
        bool thirtyTwoRegisters)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        int outputs = y.Length, inputs = x.Length;
        if (weightsPacked.Length != inputs * outputs)
        {
            VectorKernels.ThrowShape();
        }

        ref float w = ref MemoryMarshal.GetReference(weightsPacked);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float yRef = ref MemoryMarshal.GetReference(y);
        int whole = outputs - (outputs % Panel), narrow = outputs - whole;
        int lanes = narrow % TWidth.Count, firstLane = outputs - lanes;
        // The last few outputs, fewer than a vector, would each be one long chain of dependent adds after the rest is
        // done; they ride along in the last whole panel's pass instead (CarriedLanes), as one more vector.
        bool carry = lanes > 0 && whole > 0;
        int uncarried = carry ? whole - Panel : whole;
        CarriedLanes<TVector> none = default;
        for (int first = 0; first < uncarried; first += Panel)
        {
            WholePanel<TWidth, TVector, NoLanes>(ref Unsafe.Add(ref w, (nint)first * inputs), ref xRef, inputs,
                ref Unsafe.Add(ref yRef, first), thirtyTwoRegisters, ref none);
        }

        if (carry)
        {
            var carried = new CarriedLanes<TVector>(ref Unsafe.Add(ref w, ((nint)whole * inputs) + (narrow - lanes)), narrow,
                TWidth.Count, inputs);
            Span<float> sums = stackalloc float[TWidth.Count];
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref yRef, firstLane), lanes).CopyTo(sums);
            carried.Sums = TWidth.Load(ref MemoryMarshal.GetReference(sums), 0);
            WholePanel<TWidth, TVector, WithLanes>(ref Unsafe.Add(ref w, (nint)uncarried * inputs), ref xRef, inputs,
                ref Unsafe.Add(ref yRef, uncarried), thirtyTwoRegisters, ref carried);
            TWidth.Store(carried.Sums, ref MemoryMarshal.GetReference(sums), 0);
            for (int lane = 0; lane < lanes; lane++)
            {
                // The inputs whose vector load would pass the end of the weights, lane by lane in the same order.
                float sum = sums[lane];
                for (int j = carried.VectorInputs; j < inputs; j++)
                {
                    sum += Unsafe.Add(ref carried.Weights, ((nint)j * narrow) + lane) * Unsafe.Add(ref xRef, j);
                }

                Unsafe.Add(ref yRef, firstLane + lane) = sum;
            }
        }

        if (narrow > 0)
        {
            NarrowPanel<TWidth, TVector>(ref Unsafe.Add(ref w, (nint)whole * inputs), ref xRef, inputs, narrow,
                carry ? narrow - lanes : narrow, ref Unsafe.Add(ref yRef, whole));
        }
    }

    // One panel of 64 outputs, its weights for input j at w + 64·j.
    private static void WholePanel<TWidth, TVector, TLanes>(ref float w, ref float x, int inputs, ref float y, bool thirtyTwoRegisters,
        scoped ref CarriedLanes<TVector> carried)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
        where TLanes : ILanes
    {
        int n = TWidth.Count;
        if (n == 4 && thirtyTwoRegisters)
        {
            SixteenVectors<TWidth, TVector, TLanes>(ref w, ref x, inputs, ref y, ref carried);
        }
        else if (n == 4)
        {
            // Two passes of eight sums, both over one block of inputs before the next, so the panel's weights stream
            // in once, block by block, rather than once per pass.
            CarriedLanes<TVector> none = default;
            for (int start = 0; start < inputs; start += TwoPassInputs)
            {
                int end = Math.Min(inputs, start + TwoPassInputs);
                EightVectors<TWidth, TVector, NoLanes>(ref w, ref x, start, end, ref y, ref none);
                EightVectors<TWidth, TVector, TLanes>(ref Unsafe.Add(ref w, 8 * n), ref x, start, end, ref Unsafe.Add(ref y, 8 * n),
                    ref carried);
            }
        }
        else if (n == 8)
        {
            EightVectors<TWidth, TVector, TLanes>(ref w, ref x, 0, inputs, ref y, ref carried);
        }
        else
        {
            // Four 512-bit sums in flight outrun the caches already; a second panel beside them only adds a stream.
            FourVectors<TWidth, TVector, TLanes>(ref w, ref x, inputs, Panel, ref y, ref carried);
        }
    }

    // The first `count` outputs of the last panel, narrower than 64 (its weights for input j at w + width·j): blocks
    // of four vectors, then single vectors, then single outputs.
    private static void NarrowPanel<TWidth, TVector>(ref float w, ref float x, int inputs, int width, int count, ref float y)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        int n = TWidth.Count, i = 0;
        CarriedLanes<TVector> none = default;
        for (; i <= count - (4 * n); i += 4 * n)
        {
            FourVectors<TWidth, TVector, NoLanes>(ref Unsafe.Add(ref w, i), ref x, inputs, width, ref Unsafe.Add(ref y, i), ref none);
        }

        for (; i <= count - n; i += n)
        {
            OneVector<TWidth, TVector>(ref Unsafe.Add(ref w, i), ref x, inputs, width, ref Unsafe.Add(ref y, i));
        }

        for (; i < count; i++)
        {
            OneOutput(ref Unsafe.Add(ref w, i), ref x, inputs, width, ref Unsafe.Add(ref y, i));
        }
    }

    // Eight vectors of outputs from y, their weights for input j at w + 64·j: inputs start to end − 1 added in
    // registers, then stored.
    private static void EightVectors<TWidth, TVector, TLanes>(ref float w, ref float x, int start, int end, ref float y,
        scoped ref CarriedLanes<TVector> carried)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
        where TLanes : ILanes
    {
        nuint n = (nuint)TWidth.Count;
        TVector y0 = TWidth.Load(ref y, 0), y1 = TWidth.Load(ref y, n), y2 = TWidth.Load(ref y, 2 * n), y3 = TWidth.Load(ref y, 3 * n),
            y4 = TWidth.Load(ref y, 4 * n), y5 = TWidth.Load(ref y, 5 * n), y6 = TWidth.Load(ref y, 6 * n), y7 = TWidth.Load(ref y, 7 * n);
        ref float row = ref Unsafe.Add(ref w, (nint)start * Panel);
        TVector lanes = carried.Sums;
        ref float laneRow = ref Unsafe.Add(ref carried.Weights, (nint)start * carried.Stride);
        for (int j = start; j < end; j++)
        {
            TVector xj = TWidth.Broadcast(Unsafe.Add(ref x, j));
            y0 = TWidth.AddProduct(y0, TWidth.Load(ref row, 0), xj);
            y1 = TWidth.AddProduct(y1, TWidth.Load(ref row, n), xj);
            y2 = TWidth.AddProduct(y2, TWidth.Load(ref row, 2 * n), xj);
            y3 = TWidth.AddProduct(y3, TWidth.Load(ref row, 3 * n), xj);
            y4 = TWidth.AddProduct(y4, TWidth.Load(ref row, 4 * n), xj);
            y5 = TWidth.AddProduct(y5, TWidth.Load(ref row, 5 * n), xj);
            y6 = TWidth.AddProduct(y6, TWidth.Load(ref row, 6 * n), xj);
            y7 = TWidth.AddProduct(y7, TWidth.Load(ref row, 7 * n), xj);
            if (TLanes.Carried && j < carried.VectorInputs)
            {
                lanes = TWidth.AddProduct(lanes, TWidth.Load(ref laneRow, 0), xj);
                laneRow = ref Unsafe.Add(ref laneRow, carried.Stride);
            }

            row = ref Unsafe.Add(ref row, Panel);
        }

        carried.Sums = lanes;
        TWidth.Store(y0, ref y, 0);
        TWidth.Store(y1, ref y, n);
        TWidth.Store(y2, ref y, 2 * n);
        TWidth.Store(y3, ref y, 3 * n);
        TWidth.Store(y4, ref y, 4 * n);
        TWidth.Store(y5, ref y, 5 * n);
        TWidth.Store(y6, ref y, 6 * n);
        TWidth.Store(y7, ref y, 7 * n);
    }

    // A whole panel of 128-bit vectors in one pass, where 32 registers hold its sixteen sums (with 16, as in a default
    // NativeAOT x64 build, they would spill).
    private static void SixteenVectors<TWidth, TVector, TLanes>(ref float w, ref float x, int inputs, ref float y,
        scoped ref CarriedLanes<TVector> carried)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
        where TLanes : ILanes
    {
        nuint n = (nuint)TWidth.Count;
        TVector y0 = TWidth.Load(ref y, 0), y1 = TWidth.Load(ref y, n), y2 = TWidth.Load(ref y, 2 * n), y3 = TWidth.Load(ref y, 3 * n),
            y4 = TWidth.Load(ref y, 4 * n), y5 = TWidth.Load(ref y, 5 * n), y6 = TWidth.Load(ref y, 6 * n), y7 = TWidth.Load(ref y, 7 * n),
            y8 = TWidth.Load(ref y, 8 * n), y9 = TWidth.Load(ref y, 9 * n), y10 = TWidth.Load(ref y, 10 * n), y11 = TWidth.Load(ref y, 11 * n),
            y12 = TWidth.Load(ref y, 12 * n), y13 = TWidth.Load(ref y, 13 * n), y14 = TWidth.Load(ref y, 14 * n), y15 = TWidth.Load(ref y, 15 * n);
        ref float row = ref w;
        TVector lanes = carried.Sums;
        ref float laneRow = ref carried.Weights;
        for (int j = 0; j < inputs; j++)
        {
            TVector xj = TWidth.Broadcast(Unsafe.Add(ref x, j));
            y0 = TWidth.AddProduct(y0, TWidth.Load(ref row, 0), xj);
            y1 = TWidth.AddProduct(y1, TWidth.Load(ref row, n), xj);
            y2 = TWidth.AddProduct(y2, TWidth.Load(ref row, 2 * n), xj);
            y3 = TWidth.AddProduct(y3, TWidth.Load(ref row, 3 * n), xj);
            y4 = TWidth.AddProduct(y4, TWidth.Load(ref row, 4 * n), xj);
            y5 = TWidth.AddProduct(y5, TWidth.Load(ref row, 5 * n), xj);
            y6 = TWidth.AddProduct(y6, TWidth.Load(ref row, 6 * n), xj);
            y7 = TWidth.AddProduct(y7, TWidth.Load(ref row, 7 * n), xj);
            y8 = TWidth.AddProduct(y8, TWidth.Load(ref row, 8 * n), xj);
            y9 = TWidth.AddProduct(y9, TWidth.Load(ref row, 9 * n), xj);
            y10 = TWidth.AddProduct(y10, TWidth.Load(ref row, 10 * n), xj);
            y11 = TWidth.AddProduct(y11, TWidth.Load(ref row, 11 * n), xj);
            y12 = TWidth.AddProduct(y12, TWidth.Load(ref row, 12 * n), xj);
            y13 = TWidth.AddProduct(y13, TWidth.Load(ref row, 13 * n), xj);
            y14 = TWidth.AddProduct(y14, TWidth.Load(ref row, 14 * n), xj);
            y15 = TWidth.AddProduct(y15, TWidth.Load(ref row, 15 * n), xj);
            if (TLanes.Carried && j < carried.VectorInputs)
            {
                lanes = TWidth.AddProduct(lanes, TWidth.Load(ref laneRow, 0), xj);
                laneRow = ref Unsafe.Add(ref laneRow, carried.Stride);
            }

            row = ref Unsafe.Add(ref row, Panel);
        }

        carried.Sums = lanes;
        TWidth.Store(y0, ref y, 0);
        TWidth.Store(y1, ref y, n);
        TWidth.Store(y2, ref y, 2 * n);
        TWidth.Store(y3, ref y, 3 * n);
        TWidth.Store(y4, ref y, 4 * n);
        TWidth.Store(y5, ref y, 5 * n);
        TWidth.Store(y6, ref y, 6 * n);
        TWidth.Store(y7, ref y, 7 * n);
        TWidth.Store(y8, ref y, 8 * n);
        TWidth.Store(y9, ref y, 9 * n);
        TWidth.Store(y10, ref y, 10 * n);
        TWidth.Store(y11, ref y, 11 * n);
        TWidth.Store(y12, ref y, 12 * n);
        TWidth.Store(y13, ref y, 13 * n);
        TWidth.Store(y14, ref y, 14 * n);
        TWidth.Store(y15, ref y, 15 * n);
    }

    // Four vectors of outputs; their weights for input j at w + stride·j.
    private static void FourVectors<TWidth, TVector, TLanes>(ref float w, ref float x, int inputs, int stride, ref float y,
        scoped ref CarriedLanes<TVector> carried)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
        where TLanes : ILanes
    {
        nuint n = (nuint)TWidth.Count;
        TVector y0 = TWidth.Load(ref y, 0), y1 = TWidth.Load(ref y, n), y2 = TWidth.Load(ref y, 2 * n), y3 = TWidth.Load(ref y, 3 * n);
        ref float row = ref w;
        TVector lanes = carried.Sums;
        ref float laneRow = ref carried.Weights;
        for (int j = 0; j < inputs; j++)
        {
            TVector xj = TWidth.Broadcast(Unsafe.Add(ref x, j));
            y0 = TWidth.AddProduct(y0, TWidth.Load(ref row, 0), xj);
            y1 = TWidth.AddProduct(y1, TWidth.Load(ref row, n), xj);
            y2 = TWidth.AddProduct(y2, TWidth.Load(ref row, 2 * n), xj);
            y3 = TWidth.AddProduct(y3, TWidth.Load(ref row, 3 * n), xj);
            if (TLanes.Carried && j < carried.VectorInputs)
            {
                lanes = TWidth.AddProduct(lanes, TWidth.Load(ref laneRow, 0), xj);
                laneRow = ref Unsafe.Add(ref laneRow, carried.Stride);
            }

            row = ref Unsafe.Add(ref row, stride);
        }

        carried.Sums = lanes;
        TWidth.Store(y0, ref y, 0);
        TWidth.Store(y1, ref y, n);
        TWidth.Store(y2, ref y, 2 * n);
        TWidth.Store(y3, ref y, 3 * n);
    }

    private static void OneVector<TWidth, TVector>(ref float w, ref float x, int inputs, int stride, ref float y)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        TVector sum = TWidth.Load(ref y, 0);
        ref float row = ref w;
        for (int j = 0; j < inputs; j++)
        {
            sum = TWidth.AddProduct(sum, TWidth.Load(ref row, 0), TWidth.Broadcast(Unsafe.Add(ref x, j)));
            row = ref Unsafe.Add(ref row, stride);
        }

        TWidth.Store(sum, ref y, 0);
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

    /// <summary>Whether a block also sums <see cref="CarriedLanes{TVector}"/> (a constant of each compiled block).</summary>
    private interface ILanes
    {
        static abstract bool Carried { get; }
    }

    private readonly struct NoLanes : ILanes
    {
        public static bool Carried => false;
    }

    private readonly struct WithLanes : ILanes
    {
        public static bool Carried => true;
    }

    // The last outputs of the narrow panel, fewer than a vector, summed as one vector (its other lanes read the
    // weights that follow and are never stored) while their vector loads stay inside the weights.
    private ref struct CarriedLanes<TVector>
        where TVector : struct
    {
        public readonly ref float Weights;
        public readonly int Stride;
        public readonly int VectorInputs;
        public TVector Sums;

        // weights: the first lane's weight for input 0 in a panel of the given width that ends the weights.
        public CarriedLanes(ref float weights, int width, int vectorWidth, int inputs)
        {
            Weights = ref weights;
            Stride = width;
            int lastStart = (inputs * width) - (width - (width % vectorWidth)) - vectorWidth; // the last whole load's start
            VectorInputs = lastStart < 0 ? 0 : Math.Min(inputs, (lastStart / width) + 1);
        }
    }
}
