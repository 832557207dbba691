using CharRnn.ModelFormat;

namespace CharRnn.Training.Course;

/// <summary>What <c>charrnn vanishing</c> trains: every cell on the recall task at every length, the same way.</summary>
internal sealed record VanishingSettings
{
    public required IReadOnlyList<int> Lengths { get; init; }

    public required IReadOnlyList<CellType> Cells { get; init; }

    public int HiddenSize { get; init; } = 32;

    /// <summary>Optimizer steps per (cell, length), each on a fresh batch.</summary>
    public int TrainingSteps { get; init; } = 1000;

    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's step size.</summary>
    public double LearningRate { get; init; } = 0.003;

    /// <summary>The whole gradient's L2 norm is clipped to this before each step.</summary>
    public double ClipNorm { get; init; } = 1;

    /// <summary>Seeds the weights (the same for every length of a cell) and the training and held-out sequences.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Held-out sequences per length, the same for every cell; a multiple of <see cref="BatchSize"/> is used.</summary>
    public int TestSequences { get; init; } = 512;
}
