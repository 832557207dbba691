using System.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// What the trainer knows of one cell beyond its description (<c>CellCatalog</c>): its layer's forward and backward
/// passes over a chunk, side by side in one class, the buffers they need and the cell's measured training defaults.
/// Each implementation is registered once, in <see cref="CellLayers"/>; it keeps no state, so one instance serves
/// every network.
/// </summary>
internal interface ICellLayer
{
    /// <summary>The cell this layer runs.</summary>
    CellType Cell { get; }

    /// <summary>The buffers beyond the states that <see cref="Forward"/> and <see cref="Backward"/> use.</summary>
    LayerNeeds Needs { get; }

    /// <summary>The cell's training defaults.</summary>
    CellTrainingDefaults TrainingDefaults { get; }

    /// <summary>Fills slots 1..steps of the layer's states from slot 0 and the inputs.</summary>
    /// <param name="ids">Layer 0's input ids, one per (step, stream), step-major.</param>
    /// <param name="below">The input of layers above 0: one H-wide row per (step, stream).</param>
    void Forward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// After <see cref="Forward"/>: backpropagates through the chunk (truncated at the carried-in state) from ∂L/∂h_t per
    /// row, adds the layer's weight gradients to <paramref name="gradients"/> and writes ∂L/∂x to
    /// <paramref name="belowGradient"/> (layers above 0).
    /// </summary>
    /// <param name="outputGradient">∂L/∂h_t from above, one row per (step, stream).</param>
    void Backward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps, ReadOnlySpan<T> outputGradient,
        Span<T> belowGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
