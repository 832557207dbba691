using System.ComponentModel;

namespace CharRnn.CompilerServices;

/// <summary>The output layer every cell shares (for generated code and the dynamic path): logits from the top layer's h.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Readout
{
    /// <summary><c>y = by</c>, then <c>y += Why·h</c>, with Why in <c>WeightLayout.Pack</c>'s panels.</summary>
    public static void Logits(ReadOnlySpan<float> why, ReadOnlySpan<float> by, ReadOnlySpan<float> topHidden, Span<float> logits) =>
        Logits(new FloatMatrix(why), by, topHidden, logits);

    /// <summary><c>y = by</c>, then <c>y += Why·h</c> for an int8 Why (docs/determinism.md, "Int8 models").</summary>
    public static void Logits(Int8Matrix why, ReadOnlySpan<float> by, ReadOnlySpan<float> topHidden, Span<float> logits) =>
        Logits<Int8Matrix>(why, by, topHidden, logits);

    private static void Logits<TMatrix>(TMatrix why, ReadOnlySpan<float> by, ReadOnlySpan<float> topHidden, Span<float> logits)
        where TMatrix : IWeightMatrix<TMatrix>, allows ref struct
    {
        by.CopyTo(logits);
        TMatrix.MultiplyAccumulate(why, topHidden, logits);
    }
}
