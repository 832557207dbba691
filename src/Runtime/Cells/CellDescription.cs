using System.Collections.Generic;

namespace CharRnn.Cells;

/// <summary>
/// What a recurrent cell is, written once (in <see cref="CellCatalog"/>) for the model format, the dynamic path and
/// the generator: its tensors and their shapes, the state and scratch one step needs, and the class whose
/// <c>Step</c> runs it. Every cell's step has the same signature (see <c>CompilerServices.RnnCell.Step</c>).
/// </summary>
/// <remarks>
/// Per layer a cell holds <c>Wxh [G·H, in]</c>, <c>Whh [G·H, H]</c> and <c>bh [G·H]</c>, with G gate blocks of H
/// rows, then one vector of H per name in <see cref="ExtraBiases"/>. Its step reads the biases as one span,
/// <c>bh</c> followed by the extra biases.
/// </remarks>
internal sealed class CellDescription
{
    public CellDescription(CellType type, string name, int gateCount, bool hasCellState, int scratchBlocks,
        IReadOnlyList<string> extraBiases, string stepClass)
    {
        Type = type;
        Name = name;
        GateCount = gateCount;
        HasCellState = hasCellState;
        ScratchBlocks = scratchBlocks;
        ExtraBiases = extraBiases;
        StepClass = stepClass;
    }

    /// <summary>The cell's value in the public enum.</summary>
    public CellType Type { get; }

    /// <summary>The name in model files and on the command line, e.g. <c>gru</c>.</summary>
    public string Name { get; }

    /// <summary>How many blocks of H rows a layer's Wxh, Whh and bh hold: one per gate.</summary>
    public int GateCount { get; }

    /// <summary>Whether the cell carries a cell state c of H floats per layer beside its hidden state h.</summary>
    public bool HasCellState { get; }

    /// <summary>How many blocks of H floats of work space one step needs.</summary>
    public int ScratchBlocks { get; }

    /// <summary>The per-layer bias vectors of H floats that follow <c>bh</c>, in file order.</summary>
    public IReadOnlyList<string> ExtraBiases { get; }

    /// <summary>The class in <c>CharRnn.CompilerServices</c> whose <c>Step</c> runs one layer for one time step.</summary>
    public string StepClass { get; }

    /// <summary>The rows of a layer's Wxh, Whh and bh.</summary>
    public int GateRows(int hiddenSize) => GateCount * hiddenSize;

    /// <summary>The floats of a layer's bias span: <c>bh</c> and the extra biases.</summary>
    public int BiasLength(int hiddenSize) => (GateCount + ExtraBiases.Count) * hiddenSize;

    /// <summary>The floats of cell state one layer carries (0 when <see cref="HasCellState"/> is false).</summary>
    public int CellStateLength(int hiddenSize) => HasCellState ? hiddenSize : 0;

    /// <summary>The floats of work space one step needs.</summary>
    public int ScratchLength(int hiddenSize) => ScratchBlocks * hiddenSize;

#if !CHARRNN_GENERATOR
    /// <summary>
    /// The step the dynamic path calls (set once, by <see cref="CellCatalog"/>); generated code calls
    /// <see cref="StepClass"/>'s <c>Step</c> by name.
    /// </summary>
    public CompilerServices.CellStep Step { get; set; } = null!;

    /// <summary>The step of an int8 layer, which the dynamic path calls for int8 models (set with <see cref="Step"/>).</summary>
    public CompilerServices.Int8CellStep Int8Step { get; set; } = null!;
#endif
}
