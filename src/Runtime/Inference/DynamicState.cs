using CharRnn.ModelFormat;

namespace CharRnn.Inference;

/// <summary>
/// The recurrent state of a <see cref="DynamicModel"/> and the work space one step needs, allocated once so that
/// stepping allocates nothing. Every vector starts at zero.
/// </summary>
internal sealed class DynamicState
{
    public DynamicState(CellType cell, int layers, int hiddenSize)
    {
        Hidden = new float[layers * hiddenSize];
        Cells = cell == CellType.Lstm ? new float[layers * hiddenSize] : [];
        Gates = new float[CellNames.GateCount(cell) * hiddenSize];
        HiddenGates = cell == CellType.Gru ? new float[Gates.Length] : [];
    }

    /// <summary>Every layer's h, layer after layer.</summary>
    public float[] Hidden { get; }

    /// <summary>Every layer's LSTM cell state c, layer after layer; empty for other cells.</summary>
    public float[] Cells { get; }

    /// <summary>The pre-activations of one layer's gates (for the GRU, its input half).</summary>
    public float[] Gates { get; }

    /// <summary>The GRU's recurrent half of the pre-activations; empty for other cells.</summary>
    public float[] HiddenGates { get; }
}
