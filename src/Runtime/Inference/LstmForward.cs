using CharRnn.Kernels;

namespace CharRnn.Inference;

/// <summary>
/// One time step of an LSTM layer, shared by generated code and <see cref="DynamicModel"/> so both run the same
/// operations in the same order. Gate blocks are <c>[i, f, g, o]</c>, <c>H</c> rows each; weight matrices are
/// as <see cref="WeightLayout.Arrange"/> writes them.
/// </summary>
public static class LstmForward
{
    /// <summary>
    /// First layer, one-hot input: <c>a = bh + Wxh[:, id]</c>, <c>a += Whh·h</c> (4H rows, terms in increasing j),
    /// then the gates (<see cref="LstmGates.Update"/>) update <paramref name="c"/> and <paramref name="h"/>.
    /// </summary>
    /// <param name="inputId">The input character's id (layer 0's one-hot input).</param>
    /// <param name="wxhT">Wxh input-major, <c>[vocab, 4H]</c>.</param>
    /// <param name="whhT">Whh in <see cref="WeightLayout.Pack{T}"/>'s panels.</param>
    /// <param name="bh">The gate biases, <c>4H</c>.</param>
    /// <param name="h">This layer's hidden state, updated in place.</param>
    /// <param name="c">This layer's cell state, updated in place.</param>
    /// <param name="gates">Work space of <c>4H</c> floats for the pre-activations.</param>
    public static void StepFirstLayer(int inputId, ReadOnlySpan<float> wxhT, ReadOnlySpan<float> whhT,
        ReadOnlySpan<float> bh, Span<float> h, Span<float> c, Span<float> gates)
    {
        LayerInput.OneHot(inputId, wxhT, bh, gates);
        Recur(whhT, h, c, gates);
    }

    /// <summary>
    /// A stacked layer fed the layer below: <c>a = bh</c>, <c>a += Wxh·x</c>, <c>a += Whh·h</c>, then the gates.
    /// </summary>
    /// <param name="input">The new h of the layer below.</param>
    /// <param name="wxhT">Wxh in <see cref="WeightLayout.Pack{T}"/>'s panels.</param>
    /// <param name="whhT">Whh in <see cref="WeightLayout.Pack{T}"/>'s panels.</param>
    /// <param name="bh">The gate biases, <c>4H</c>.</param>
    /// <param name="h">This layer's hidden state, updated in place.</param>
    /// <param name="c">This layer's cell state, updated in place.</param>
    /// <param name="gates">Work space of <c>4H</c> floats for the pre-activations.</param>
    public static void StepUpperLayer(ReadOnlySpan<float> input, ReadOnlySpan<float> wxhT, ReadOnlySpan<float> whhT,
        ReadOnlySpan<float> bh, Span<float> h, Span<float> c, Span<float> gates)
    {
        LayerInput.Dense(input, wxhT, bh, gates);
        Recur(whhT, h, c, gates);
    }

    private static void Recur(ReadOnlySpan<float> whhT, Span<float> h, Span<float> c, Span<float> gates)
    {
        VectorKernels.MultiplyAccumulate(whhT, h, gates);
        LstmGates.Update(gates, c, h);
    }
}
