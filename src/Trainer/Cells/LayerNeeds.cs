namespace CharRnn.Training.Cells;

/// <summary>
/// The buffers a cell's layer keeps or works in beyond the hidden states (and the cell states of a cell whose
/// description carries one), declared by the layer (<see cref="ICellLayer.Needs"/>) so that
/// <see cref="LayerBuffers{T}"/> and <see cref="BackwardBuffers{T}"/> allocate them for exactly the cells that use them.
/// </summary>
[Flags]
internal enum LayerNeeds
{
    /// <summary>Nothing beyond the states (the vanilla RNN builds its pre-activations in the state slots).</summary>
    None = 0,

    /// <summary><see cref="LayerBuffers{T}.Gates"/>: the activated gates per row, G·H wide.</summary>
    Gates = 1,

    /// <summary><see cref="LayerBuffers{T}.CellTanh"/>: tanh(c_t) per row.</summary>
    CellTanh = 2,

    /// <summary><see cref="LayerBuffers{T}.RecurrentCandidate"/>: one H-wide recurrent term per row.</summary>
    RecurrentCandidate = 4,

    /// <summary><see cref="BackwardBuffers{T}.RecurrentGradient"/> apart from the input side's gradient.</summary>
    SeparateRecurrentGradient = 8,

    /// <summary><see cref="BackwardBuffers{T}.StepProduct"/>: one step's G·H-wide product for every stream.</summary>
    StepProduct = 16,
}
