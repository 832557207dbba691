using System.ComponentModel;
using CharRnn.Kernels;

namespace CharRnn.CompilerServices;

/// <summary>The output layer every cell shares (for generated code and the dynamic path): logits from the top layer's h.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Readout
{
    /// <summary><c>y = by</c>, then <c>y += Why·h</c>, with Why in <c>WeightLayout.Pack</c>'s panels.</summary>
    public static void Logits(ReadOnlySpan<float> why, ReadOnlySpan<float> by, ReadOnlySpan<float> topHidden, Span<float> logits)
    {
        by.CopyTo(logits);
        PackedProduct.MultiplyAccumulate(why, topHidden, logits);
    }
}
