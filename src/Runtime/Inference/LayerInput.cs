using CharRnn.Kernels;

namespace CharRnn.Inference;

/// <summary>
/// The input half of every cell's pre-activation, <c>a = bh + Wxh·x</c>, over all gate rows at once. Wxh is
/// input-major (<c>[in, rows]</c>), so a one-hot input is one contiguous row of it.
/// </summary>
internal static class LayerInput
{
    /// <summary>First layer, one-hot input: <c>a = bh + Wxh[:, id]</c>.</summary>
    public static void OneHot(int inputId, ReadOnlySpan<float> wxhT, ReadOnlySpan<float> bh, Span<float> a) =>
        VectorKernels.Add(bh, wxhT.Slice(inputId * a.Length, a.Length), a);

    /// <summary>A stacked layer: <c>a = bh</c>, then <c>a += Wxh·x</c> (terms in increasing input index).</summary>
    public static void Dense(ReadOnlySpan<float> input, ReadOnlySpan<float> wxhT, ReadOnlySpan<float> bh, Span<float> a)
    {
        bh.CopyTo(a);
        VectorKernels.MultiplyAccumulate(wxhT, input, a);
    }
}
