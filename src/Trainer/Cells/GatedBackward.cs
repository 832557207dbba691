using System.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// The part of a gated cell's backward pass that is the cell's own (see <see cref="GatedBackward"/>): the gate
/// gradients of one row, and how step t's gate gradients become ∂L/∂h_{t−1}.
/// </summary>
internal interface IGateGradients<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Writes the gate gradients of one row (step t, one stream) from <c>dOut = fromAbove + carry</c>, reading the
    /// forward pass's activated <paramref name="gate"/>; may overwrite <paramref name="carry"/>, this stream's
    /// ∂L/∂h_t, with a part of ∂L/∂h_{t−1} that <see cref="CarryBack"/> then completes.
    /// </summary>
    /// <param name="stream">The stream: <paramref name="carry"/> is its slice of the carry.</param>
    /// <param name="at">The row's offset in the state slots: step t's slot plus the stream's H.</param>
    /// <param name="row">The row's offset in the per-row gate buffers.</param>
    void Row(int stream, int at, int row, ReadOnlySpan<T> gate, ReadOnlySpan<T> fromAbove, Span<T> carry);

    /// <summary>For t ≥ 1, after every stream's <see cref="Row"/>: sets <paramref name="carry"/> to ∂L/∂h_{t−1} of every stream.</summary>
    void CarryBack(int t, Span<T> carry);
}

/// <summary>
/// The loop a gated cell's backward pass runs over a chunk, newest step first: for each step, the hidden-gradient
/// probe, each stream's row of gate gradients, then the carry into the step before (truncated at the carried-in state).
/// </summary>
internal static class GatedBackward
{
    /// <summary>
    /// Runs <paramref name="cell"/>'s rows over the chunk, starting from a zero carry; the caller adds the weight
    /// gradients afterwards (<see cref="LayerProducts.AccumulateGradients"/>).
    /// </summary>
    public static void Run<T, TCell>(RnnNetwork<T> network, LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams,
        int steps, ReadOnlySpan<T> outputGradient, ref TCell cell)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TCell : IGateGradients<T>, allows ref struct
    {
        int hidden = network.HiddenSize;
        int width = network.GateRows;
        int slot = streams * hidden;
        Span<T> carry = scratch.Carry;
        carry.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            scratch.TraceHiddenGradient(t, outputGradient.Slice(t * slot, slot), carry);
            for (int s = 0; s < streams; s++)
            {
                int at = t * slot + s * hidden;
                int row = (t * streams + s) * width;
                cell.Row(s, at, row, buffers.Gates.AsSpan(row, width), outputGradient.Slice(at, hidden), carry.Slice(s * hidden, hidden));
            }

            if (t > 0)
            {
                cell.CarryBack(t, carry);
            }
        }
    }
}
