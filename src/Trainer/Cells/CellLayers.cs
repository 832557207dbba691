using System.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// The one place the trainer maps a cell to its layer class (<see cref="ICellLayer"/>): the workspace and the course
/// tools run a layer through <see cref="Forward"/> and <see cref="Backward"/>, the buffers ask for its
/// <see cref="Needs"/>, <c>TrainingOptions</c> for its <see cref="TrainingDefaults"/>. A cell without a registered layer
/// is an error, not another cell's layer.
/// </summary>
internal static class CellLayers
{
    private static readonly ICellLayer[] Registered = [new RnnLayer(), new LstmLayer(), new GruLayer()];

    /// <summary>Fills slots 1..steps of the layer's states from slot 0 and the inputs (see <see cref="ICellLayer.Forward"/>).</summary>
    public static void Forward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        For(network.Cell).Forward(network, layer, ids, below, buffers, scratch, streams, steps);

    /// <summary>Backpropagates through the chunk from ∂L/∂h_t per row (see <see cref="ICellLayer.Backward"/>).</summary>
    public static void Backward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps, ReadOnlySpan<T> outputGradient,
        Span<T> belowGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        For(network.Cell).Backward(network, layer, ids, below, buffers, scratch, streams, steps, outputGradient, belowGradient, gradients);

    /// <summary>The buffers the layer of <paramref name="cell"/> needs beyond the states.</summary>
    public static LayerNeeds Needs(CellType cell) => For(cell).Needs;

    /// <summary>The measured training defaults of <paramref name="cell"/>.</summary>
    public static CellTrainingDefaults TrainingDefaults(CellType cell) => For(cell).TrainingDefaults;

    /// <summary>The layer registered for <paramref name="cell"/>.</summary>
    public static ICellLayer For(CellType cell)
    {
        foreach (ICellLayer layer in Registered)
        {
            if (layer.Cell == cell)
            {
                return layer;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(cell), cell,
            "the trainer has no layer for this cell; register its ICellLayer in CellLayers");
    }
}
