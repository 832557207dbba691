using System.ComponentModel;
using CharRnn.Kernels;

namespace CharRnn.CompilerServices;

/// <summary>
/// An int8 matrix (for generated code): its values as <c>WeightLayout.ArrangeInt8</c> writes them (transposed for a
/// one-hot input, in panels otherwise) and one float32 scale per row.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct Int8Matrix : IWeightMatrix<Int8Matrix>
{
    private readonly ReadOnlySpan<sbyte> _values;
    private readonly ReadOnlySpan<float> _scales;

    /// <summary>Wraps arranged values and their row scales.</summary>
    public Int8Matrix(ReadOnlySpan<sbyte> values, ReadOnlySpan<float> scales)
    {
        _values = values;
        _scales = scales;
    }

    static void IWeightMatrix<Int8Matrix>.AddColumn(ReadOnlySpan<float> bias, Int8Matrix matrix, int column, Span<float> y) =>
        Int8Product.AddColumn(bias, matrix._values, matrix._scales, column, y);

    static void IWeightMatrix<Int8Matrix>.MultiplyAccumulate(Int8Matrix matrix, ReadOnlySpan<float> x, Span<float> y) =>
        Int8Product.MultiplyAccumulate(matrix._values, matrix._scales, x, y);
}
