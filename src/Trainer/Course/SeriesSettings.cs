using CharRnn.ModelFormat;

namespace CharRnn.Training.Course;

/// <summary>What <c>charrnn series</c> trains: one cell reading windows of a noisy sine and predicting the next value.</summary>
internal sealed record SeriesSettings
{
    public CellType Cell { get; init; } = CellType.Lstm;

    public int HiddenSize { get; init; } = 32;

    /// <summary>Passes over the training windows.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>The standard deviation of the Gaussian noise added to the sine.</summary>
    public double Noise { get; init; } = 0.1;

    public ulong Seed { get; init; } = 1;

    /// <summary>The values read before each prediction.</summary>
    public int Window { get; init; } = 24;

    /// <summary>Steps per period of the sine: not a divisor of the window, so windows start at every phase.</summary>
    public double Period { get; init; } = 30;

    /// <summary>Points of the series used for training; the next <see cref="ValidationPoints"/> are held out.</summary>
    public int TrainingPoints { get; init; } = 2000;

    public int ValidationPoints { get; init; } = 500;

    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's step size, for the network and the head.</summary>
    public double LearningRate { get; init; } = 0.003;
}
