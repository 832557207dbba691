using System.Numerics;
using CharRnn.ModelFormat;

namespace CharRnn.Training.Cells;

/// <summary>
/// Runs one layer of the network's cell type forward or backward over a chunk: the one place that picks
/// <see cref="RnnLayer"/>, <see cref="LstmLayer"/> or <see cref="GruLayer"/>, for the workspace and for the course tools
/// that put their own loss on the top layer's states.
/// </summary>
internal static class CellLayers
{
    /// <summary>Fills slots 1..steps of the layer's states from slot 0 and the inputs (see the cells' Forward).</summary>
    public static void Forward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (network.Cell)
        {
            case CellType.Lstm:
                LstmLayer.Forward(network, layer, ids, below, buffers, streams, steps);
                break;
            case CellType.Gru:
                GruLayer.Forward(network, layer, ids, below, buffers, scratch, streams, steps);
                break;
            default:
                RnnLayer.Forward(network, layer, ids, below, buffers, streams, steps);
                break;
        }
    }

    /// <summary>Backpropagates through the chunk from ∂L/∂h_t per row (see the cells' Backward).</summary>
    public static void Backward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps, ReadOnlySpan<T> outputGradient,
        Span<T> belowGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (network.Cell)
        {
            case CellType.Lstm:
                LstmLayer.Backward(network, layer, ids, below, buffers, scratch, streams, steps, outputGradient, belowGradient, gradients);
                break;
            case CellType.Gru:
                GruLayer.Backward(network, layer, ids, below, buffers, scratch, streams, steps, outputGradient, belowGradient, gradients);
                break;
            default:
                RnnLayer.Backward(network, layer, ids, below, buffers, scratch, streams, steps, outputGradient, belowGradient, gradients);
                break;
        }
    }
}
