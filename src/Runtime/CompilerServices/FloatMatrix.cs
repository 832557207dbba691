using CharRnn.Kernels;

namespace CharRnn.CompilerServices;

/// <summary>A float32 matrix as <c>WeightLayout.Arrange</c> writes it, for the cells' shared step code.</summary>
internal readonly ref struct FloatMatrix : IWeightMatrix<FloatMatrix>
{
    private readonly ReadOnlySpan<float> _values;

    public FloatMatrix(ReadOnlySpan<float> values) => _values = values;

    /// <inheritdoc/>
    public static void AddColumn(ReadOnlySpan<float> bias, FloatMatrix matrix, int column, Span<float> y) =>
        VectorKernels.Add(bias, matrix._values.Slice(column * y.Length, y.Length), y);

    /// <inheritdoc/>
    public static void MultiplyAccumulate(FloatMatrix matrix, ReadOnlySpan<float> x, Span<float> y) =>
        PackedProduct.MultiplyAccumulate(matrix._values, x, y);
}
