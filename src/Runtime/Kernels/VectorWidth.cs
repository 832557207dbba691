using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CharRnn.Kernels;

/// <summary>
/// The few vector operations the matrix product needs, at one width. The product is written once over this
/// interface and compiled for each width (<see cref="Width128"/>, <see cref="Width256"/>, <see cref="Width512"/>), so
/// tests can run every width on any machine (unaccelerated widths run in software, with the same bits).
/// </summary>
/// <typeparam name="TVector">The vector type of this width.</typeparam>
internal interface IVectorWidth<TVector>
    where TVector : struct
{
    /// <summary>The floats in one vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Load(ref float source, nuint offset);

    static abstract void Store(TVector value, ref float destination, nuint offset);

    static abstract TVector Broadcast(float value);

    /// <summary><c>sum + weights·x</c>, the product rounded before the sum (never fused).</summary>
    static abstract TVector AddProduct(TVector sum, TVector weights, TVector x);
}

/// <summary>128-bit vectors: SSE on x64 (a default NativeAOT build), NEON on arm64.</summary>
internal readonly struct Width128 : IVectorWidth<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AddProduct(Vector128<float> sum, Vector128<float> weights, Vector128<float> x) => sum + (weights * x);
}

/// <summary>256-bit vectors: AVX on x64.</summary>
internal readonly struct Width256 : IVectorWidth<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> AddProduct(Vector256<float> sum, Vector256<float> weights, Vector256<float> x) => sum + (weights * x);
}

/// <summary>512-bit vectors: AVX-512 on x64.</summary>
internal readonly struct Width512 : IVectorWidth<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> AddProduct(Vector512<float> sum, Vector512<float> weights, Vector512<float> x) => sum + (weights * x);
}
