using System.Numerics;
using System.Numerics.Tensors;
using CharRnn.Cells;

namespace CharRnn.Training.Cells;

/// <summary>
/// Work space for one layer's backward pass (and the per-step recurrent product of a layer whose
/// <see cref="LayerNeeds"/> asks for one, the GRU's), shared by the layers of a workspace because they run one after
/// another.
/// </summary>
internal sealed class BackwardBuffers<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public BackwardBuffers(RnnNetwork<T> network, int streams, int maxSteps)
    {
        LayerNeeds needs = CellLayers.Needs(network.Cell);
        int rows = streams * maxSteps, gateRows = network.GateRows, hiddenSize = network.HiddenSize;
        InputGradient = new T[rows * gateRows];
        RecurrentGradient = needs.HasFlag(LayerNeeds.SeparateRecurrentGradient) ? new T[rows * gateRows] : InputGradient;
        Carry = new T[streams * hiddenSize];
        CellCarry = CellCatalog.For(network.Cell).HasCellState ? new T[streams * hiddenSize] : [];
        StepProduct = needs.HasFlag(LayerNeeds.StepProduct) ? new T[streams * gateRows] : [];
        OneHotInputGradient = new T[network.VocabularySize * gateRows];
    }

    /// <summary>∂L/∂(bh + Wxh·x) per row.</summary>
    public T[] InputGradient { get; }

    /// <summary>∂L/∂(Whh·h_{t−1}) per row: <see cref="InputGradient"/> itself unless the cell treats the two apart.</summary>
    public T[] RecurrentGradient { get; }

    /// <summary>∂L/∂h_{t−1} flowing back one step, per stream.</summary>
    public T[] Carry { get; }

    /// <summary>∂L/∂c_{t−1} flowing back one step, per stream, for a cell with a cell state (the LSTM); empty for others.</summary>
    public T[] CellCarry { get; }

    /// <summary>Layer 0's Wxh gradient transposed, <c>[V, G·H]</c>, while its one-hot rows are added.</summary>
    public T[] OneHotInputGradient { get; }

    /// <summary>One step's <c>Whh·h_{t−1}</c> for every stream, kept apart from the input side (the GRU's); empty unless asked for.</summary>
    public T[] StepProduct { get; }

    /// <summary>
    /// A probe for how the gradient fades with distance (<c>charrnn vanishing</c>): when not empty, each layer's
    /// backward pass writes here the whole ∂L/∂h_t it propagates at step t (the gradient from above plus the one from
    /// step t+1), one row per (step, stream) like <see cref="InputGradient"/>; the layer that runs backward last wins.
    /// Empty by default, which costs one length check per step.
    /// </summary>
    public T[] HiddenGradientTrace { get; set; } = [];

    /// <summary>Writes ∂L/∂h_t = <paramref name="fromAbove"/> + <paramref name="carry"/> of step <paramref name="step"/> to <see cref="HiddenGradientTrace"/>, if set.</summary>
    public void TraceHiddenGradient(int step, ReadOnlySpan<T> fromAbove, ReadOnlySpan<T> carry)
    {
        if (HiddenGradientTrace.Length > 0)
        {
            TensorPrimitives.Add(fromAbove, carry, HiddenGradientTrace.AsSpan(step * carry.Length, carry.Length));
        }
    }
}
