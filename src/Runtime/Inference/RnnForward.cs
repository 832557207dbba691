using CharRnn.Kernels;

namespace CharRnn.Inference;

/// <summary>
/// One time step of the vanilla RNN, shared by generated code and <see cref="DynamicModel"/> so both run the
/// same operations in the same order. Weight matrices are as <see cref="WeightLayout.Arrange"/> writes them.
/// </summary>
public static class RnnForward
{
    /// <summary>
    /// First layer, one-hot input: <c>a = bh + Wxh[:, id]</c>, then <c>a += Whh·h</c> (terms in increasing j),
    /// then <c>h = tanh(a)</c>.
    /// </summary>
    public static void StepFirstLayer(int inputId, ReadOnlySpan<float> wxhT, ReadOnlySpan<float> whhT,
        ReadOnlySpan<float> bh, Span<float> h, Span<float> preactivation)
    {
        LayerInput.OneHot(inputId, wxhT, bh, preactivation);
        Recur(whhT, h, preactivation);
    }

    /// <summary>
    /// A stacked layer fed the layer below: <c>a = bh</c>, <c>a += Wxh·x</c>, <c>a += Whh·h</c>, <c>h = tanh(a)</c>.
    /// </summary>
    public static void StepUpperLayer(ReadOnlySpan<float> input, ReadOnlySpan<float> wxhT, ReadOnlySpan<float> whhT,
        ReadOnlySpan<float> bh, Span<float> h, Span<float> preactivation)
    {
        LayerInput.Dense(input, wxhT, bh, preactivation);
        Recur(whhT, h, preactivation);
    }

    /// <summary>
    /// The logits, for every cell type (the output layer reads the top layer's h): <c>y = by</c>, then <c>y += Why·h</c>.
    /// </summary>
    public static void Output(ReadOnlySpan<float> whyT, ReadOnlySpan<float> by, ReadOnlySpan<float> h, Span<float> logits)
    {
        by.CopyTo(logits);
        VectorKernels.MultiplyAccumulate(whyT, h, logits);
    }

    private static void Recur(ReadOnlySpan<float> whhT, Span<float> h, Span<float> preactivation)
    {
        VectorKernels.MultiplyAccumulate(whhT, h, preactivation);
        VectorKernels.Tanh(preactivation, h);
    }
}
