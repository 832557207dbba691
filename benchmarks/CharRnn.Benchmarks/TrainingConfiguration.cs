using CharRnn.ModelFormat;
using CharRnn.Training.Optimizers;

namespace CharRnn.Benchmarks;

/// <summary>A model and batch shape to time a training step at; the name is what the results table shows.</summary>
public sealed record TrainingConfiguration(string Name, CellType Cell, int Layers, int Hidden, int BatchSize, int SeqLength)
{
    /// <summary>The bound of clipping by value, <c>charrnn train</c>'s default.</summary>
    public const double Clip = 5;

    /// <summary>
    /// Issue 6's three peer configurations, then issue 3's stacked models at the same batch shape, then the LSTM 2×256
    /// on one thread (issue 20's scaling target: two threads against one).
    /// </summary>
    public static IReadOnlyList<TrainingConfiguration> All { get; } =
    [
        new("rnn 1x256 B32 T100 adam", CellType.Rnn, 1, 256, 32, 100),
        new("lstm 1x256 B32 T100 adam", CellType.Lstm, 1, 256, 32, 100),
        new("min-char-rnn: rnn 1x100 B1 T25 adagrad", CellType.Rnn, 1, 100, 1, 25) { Optimizer = OptimizerKind.Adagrad },
        new("lstm 2x256 B32 T100 adam", CellType.Lstm, 2, 256, 32, 100),
        new("gru 2x256 B32 T100 adam", CellType.Gru, 2, 256, 32, 100),
        new("lstm 2x256 B32 T100 adam 1 thread", CellType.Lstm, 2, 256, 32, 100) { Threads = 1 },
    ];

    internal OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The threads a step runs on; null for one per core, <c>charrnn train</c>'s default.</summary>
    public int? Threads { get; init; }

    /// <summary>The characters one step trains on.</summary>
    public int CharsPerStep => BatchSize * SeqLength;

    public override string ToString() => Name;
}
