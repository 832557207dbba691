namespace CharRnn.CompilerServices;

/// <summary>
/// A weight matrix as a cell's step reads it, float32 (<see cref="FloatMatrix"/>) or int8 (<see cref="Int8Matrix"/>):
/// the two products every step is made of. Each cell's step is written once over this.
/// </summary>
internal interface IWeightMatrix<TSelf>
    where TSelf : IWeightMatrix<TSelf>, allows ref struct
{
    /// <summary><c>y = bias + W[:, column]</c>: the product with a one-hot input (the matrix stored transposed).</summary>
    static abstract void AddColumn(ReadOnlySpan<float> bias, TSelf matrix, int column, Span<float> y);

    /// <summary><c>y += W·x</c>, the matrix in its kernel's panels.</summary>
    static abstract void MultiplyAccumulate(TSelf matrix, ReadOnlySpan<float> x, Span<float> y);
}
