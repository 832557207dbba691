namespace CharRnn.Training.Cells;

/// <summary>
/// The training defaults measured for one cell, declared by its layer (<see cref="ICellLayer.TrainingDefaults"/>) and
/// read through <see cref="CellLayers"/>; <c>TrainingOptions</c> resolves an option left unset from them. The runs
/// behind each cell's values are in docs/training.md.
/// </summary>
internal sealed record CellTrainingDefaults
{
    /// <summary>Adam's learning rate for this cell; null for Adam's own default. The other optimizers use their own.</summary>
    public required double? AdamLearningRate { get; init; }

    /// <summary>Characters per chunk: the steps of truncated backpropagation through time.</summary>
    public required int ChunkLength { get; init; }

    /// <summary>The probability of dropping a unit between layers and before the output layer while training.</summary>
    public required double Dropout { get; init; }

    /// <summary>Zero each stream's state every this many chunks, the streams in turn; 0 for never.</summary>
    public required int ResetEvery { get; init; }

    /// <summary>
    /// The gate block of <c>bh</c> that starts at 1 rather than 0 (the LSTM's forget gate, so the cell remembers from
    /// the first step); null when every bias starts at 0.
    /// </summary>
    public int? OpenGateBlock { get; init; }
}
