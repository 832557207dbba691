using CharRnn.Cells;

namespace CharRnn.Inference;

/// <summary>
/// The recurrent state of a <see cref="DynamicModel"/> and the work space one step needs, sized by the cell's
/// description and allocated once, so that stepping allocates nothing. Every vector starts at zero.
/// </summary>
internal sealed class DynamicState
{
    public DynamicState(CellDescription cell, int layers, int hiddenSize)
    {
        Hidden = new float[layers * hiddenSize];
        Cells = new float[layers * cell.CellStateLength(hiddenSize)];
        Scratch = new float[cell.ScratchLength(hiddenSize)];
    }

    /// <summary>Every layer's h, layer after layer.</summary>
    public float[] Hidden { get; }

    /// <summary>Every layer's cell state c, layer after layer; empty for cells without one.</summary>
    public float[] Cells { get; }

    /// <summary>One step's work space (the gate pre-activations).</summary>
    public float[] Scratch { get; }
}
