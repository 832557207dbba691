namespace CharRnn.CompilerServices;

/// <summary>
/// One time step of one layer: the signature every cell's <c>Step</c> shares, which generated code calls by name and
/// the dynamic path through the cell's description. The biases are <c>bh</c> followed by the cell's extra biases;
/// the state is updated in place.
/// </summary>
/// <param name="input">The layer's input: a one-hot character id (the first layer) or the new h of the layer below.</param>
/// <param name="wxh">Wxh as <c>WeightLayout.Arrange</c> writes it: input-major for the first layer, in panels above.</param>
/// <param name="whh">Whh in <c>WeightLayout.Pack</c>'s panels.</param>
/// <param name="bias">The layer's biases, <c>bh</c> then the cell's extra biases.</param>
/// <param name="hidden">The layer's hidden state h (H floats), updated in place.</param>
/// <param name="cellState">The layer's cell state c (H floats) for cells that carry one; empty otherwise.</param>
/// <param name="scratch">Work space of the cell's scratch length; its contents are not kept between steps.</param>
internal delegate void CellStep(LayerInput input, ReadOnlySpan<float> wxh, ReadOnlySpan<float> whh, ReadOnlySpan<float> bias,
    Span<float> hidden, Span<float> cellState, Span<float> scratch);

/// <summary>One time step of one int8 layer: <see cref="CellStep"/> with int8 matrices (docs/determinism.md, "Int8 models").</summary>
internal delegate void Int8CellStep(LayerInput input, Int8Matrix wxh, Int8Matrix whh, ReadOnlySpan<float> bias,
    Span<float> hidden, Span<float> cellState, Span<float> scratch);
