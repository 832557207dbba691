using System.Numerics;
using CharRnn.ModelFormat;

namespace CharRnn.Training.Cells;

/// <summary>
/// What one layer keeps from its forward pass over a chunk for the backward pass: the hidden states, and for the
/// gated cells the activated gates (and the LSTM's cell states, the GRU's recurrent n-gate product).
/// </summary>
/// <remarks>
/// State buffers hold <c>steps + 1</c> slots of <c>streams × H</c>: slot 0 is the state carried in from the previous
/// chunk, slot t+1 the state after step t. Per-step buffers hold one row per (step, stream), step-major.
/// </remarks>
internal sealed class LayerBuffers<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public LayerBuffers(CellType cell, int streams, int maxSteps, int hiddenSize, int gateRows)
    {
        int stateSlots = (maxSteps + 1) * streams * hiddenSize;
        int rows = maxSteps * streams;
        States = new T[stateSlots];
        Gates = cell == CellType.Rnn ? [] : new T[rows * gateRows];
        Cells = cell == CellType.Lstm ? new T[stateSlots] : [];
        CellTanh = cell == CellType.Lstm ? new T[rows * hiddenSize] : [];
        RecurrentCandidate = cell == CellType.Gru ? new T[rows * hiddenSize] : [];
    }

    /// <summary>h: slot 0 carried in, slot t+1 after step t.</summary>
    public T[] States { get; }

    /// <summary>The activated gates per row: LSTM [i, f, g, o], GRU [r, z, n].</summary>
    public T[] Gates { get; }

    /// <summary>The LSTM's c, slotted like <see cref="States"/>.</summary>
    public T[] Cells { get; }

    /// <summary>The LSTM's tanh(c_t) per row, kept so the backward pass reuses the forward pass's values.</summary>
    public T[] CellTanh { get; }

    /// <summary>The GRU's <c>Whh_n·h_{t−1} + bhn</c> per row, the term the reset gate scales.</summary>
    public T[] RecurrentCandidate { get; }
}
