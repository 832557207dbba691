using System.Numerics;
using CharRnn.Cells;

namespace CharRnn.Training.Cells;

/// <summary>
/// What one layer keeps from its forward pass over a chunk for the backward pass: the hidden states, the cell states
/// of a cell whose description carries one, and what its layer's <see cref="LayerNeeds"/> asks for (the gated cells'
/// activated gates, the LSTM's tanh(c), the GRU's recurrent n-gate product); a buffer no one asks for is empty.
/// </summary>
/// <remarks>
/// State buffers hold <c>steps + 1</c> slots of <c>streams × H</c>: slot 0 is the state carried in from the previous
/// chunk, slot t+1 the state after step t. Per-step buffers hold one row per (step, stream), step-major.
/// </remarks>
internal sealed class LayerBuffers<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public LayerBuffers(RnnNetwork<T> network, int streams, int maxSteps)
    {
        LayerNeeds needs = CellLayers.Needs(network.Cell);
        int hiddenSize = network.HiddenSize;
        int stateSlots = (maxSteps + 1) * streams * hiddenSize;
        int rows = maxSteps * streams;
        States = new T[stateSlots];
        Gates = needs.HasFlag(LayerNeeds.Gates) ? new T[rows * network.GateRows] : [];
        Cells = CellCatalog.For(network.Cell).HasCellState ? new T[stateSlots] : [];
        CellTanh = needs.HasFlag(LayerNeeds.CellTanh) ? new T[rows * hiddenSize] : [];
        RecurrentCandidate = needs.HasFlag(LayerNeeds.RecurrentCandidate) ? new T[rows * hiddenSize] : [];
    }

    /// <summary>h: slot 0 carried in, slot t+1 after step t.</summary>
    public T[] States { get; }

    /// <summary>The activated gates per row: LSTM [i, f, g, o], GRU [r, z, n].</summary>
    public T[] Gates { get; }

    /// <summary>The cell state c (the LSTM's), slotted like <see cref="States"/>.</summary>
    public T[] Cells { get; }

    /// <summary>The LSTM's tanh(c_t) per row, kept so the backward pass reuses the forward pass's values.</summary>
    public T[] CellTanh { get; }

    /// <summary>The GRU's <c>Whh_n·h_{t−1} + bhn</c> per row, the term the reset gate scales.</summary>
    public T[] RecurrentCandidate { get; }
}
