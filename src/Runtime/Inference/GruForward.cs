using CharRnn.Kernels;

namespace CharRnn.Inference;

/// <summary>
/// One time step of a GRU layer, shared by generated code and <see cref="DynamicModel"/> so both run the same
/// operations in the same order. Gate blocks are <c>[r, z, n]</c>, <c>H</c> rows each; weight matrices are
/// as <see cref="WeightLayout.Arrange"/> writes them. The input and recurrent halves stay apart because the reset gate
/// scales only the recurrent half of n.
/// </summary>
public static class GruForward
{
    /// <summary>
    /// First layer, one-hot input: <c>x = bh + Wxh[:, id]</c>, <c>u = 0 + Whh·h</c> (3H rows each, terms in increasing
    /// j), then the gates (<see cref="GruGates.Update"/>) update <paramref name="h"/>.
    /// </summary>
    /// <param name="inputId">The input character's id (layer 0's one-hot input).</param>
    /// <param name="wxhT">Wxh input-major, <c>[vocab, 3H]</c>.</param>
    /// <param name="whhT">Whh in <see cref="WeightLayout.Pack{T}"/>'s panels.</param>
    /// <param name="bh">The gate biases, <c>3H</c>.</param>
    /// <param name="bhn">The recurrent bias of the n gate, <c>H</c>.</param>
    /// <param name="h">This layer's hidden state, updated in place.</param>
    /// <param name="inputGates">Work space of <c>3H</c> floats for the input half.</param>
    /// <param name="hiddenGates">Work space of <c>3H</c> floats for the recurrent half.</param>
    public static void StepFirstLayer(int inputId, ReadOnlySpan<float> wxhT, ReadOnlySpan<float> whhT,
        ReadOnlySpan<float> bh, ReadOnlySpan<float> bhn, Span<float> h, Span<float> inputGates, Span<float> hiddenGates)
    {
        LayerInput.OneHot(inputId, wxhT, bh, inputGates);
        Recur(whhT, bhn, h, inputGates, hiddenGates);
    }

    /// <summary>
    /// A stacked layer fed the layer below: <c>x = bh</c>, <c>x += Wxh·input</c>, <c>u = 0 + Whh·h</c>, then the gates.
    /// </summary>
    /// <param name="input">The new h of the layer below.</param>
    /// <param name="wxhT">Wxh in <see cref="WeightLayout.Pack{T}"/>'s panels.</param>
    /// <param name="whhT">Whh in <see cref="WeightLayout.Pack{T}"/>'s panels.</param>
    /// <param name="bh">The gate biases, <c>3H</c>.</param>
    /// <param name="bhn">The recurrent bias of the n gate, <c>H</c>.</param>
    /// <param name="h">This layer's hidden state, updated in place.</param>
    /// <param name="inputGates">Work space of <c>3H</c> floats for the input half.</param>
    /// <param name="hiddenGates">Work space of <c>3H</c> floats for the recurrent half.</param>
    public static void StepUpperLayer(ReadOnlySpan<float> input, ReadOnlySpan<float> wxhT, ReadOnlySpan<float> whhT,
        ReadOnlySpan<float> bh, ReadOnlySpan<float> bhn, Span<float> h, Span<float> inputGates, Span<float> hiddenGates)
    {
        LayerInput.Dense(input, wxhT, bh, inputGates);
        Recur(whhT, bhn, h, inputGates, hiddenGates);
    }

    private static void Recur(ReadOnlySpan<float> whhT, ReadOnlySpan<float> bhn, Span<float> h,
        ReadOnlySpan<float> inputGates, Span<float> hiddenGates)
    {
        // The recurrent half has no bias of its own here (bhn joins inside the reset product): it starts at +0.
        hiddenGates.Clear();
        VectorKernels.MultiplyAccumulate(whhT, h, hiddenGates);
        GruGates.Update(inputGates, hiddenGates, bhn, h);
    }
}
