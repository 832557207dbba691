using CharRnn.ModelFormat;
using CharRnn.Training.Optimizers;

namespace CharRnn.Training;

/// <summary>
/// Everything a training run needs, checked by the <c>train</c> command before a run starts. The one place each
/// default is written: the commands and their help texts take theirs from here. Why each default is what it is, and
/// the runs behind it, is in docs/training.md.
/// </summary>
internal sealed record TrainingOptions
{
    /// <summary>
    /// The epochs <c>train</c> and <c>sweep</c> run when given no other limit; a library caller's run has no limit
    /// unless <see cref="Epochs"/>, <see cref="MaxSteps"/> or <see cref="TimeBudget"/> sets one.
    /// </summary>
    public const int DefaultEpochs = 10;

    public required string CorpusPath { get; init; }

    public required string OutputPath { get; init; }

    /// <summary>Train on only the first this many characters (Unicode scalar values, line ends as LF) of the corpus; null for all.</summary>
    public int? CorpusChars { get; init; }

    public CellType Cell { get; init; } = CellType.Rnn;

    public int HiddenSize { get; init; } = 128;

    public int Layers { get; init; } = 1;

    /// <summary>Characters per chunk, the steps of truncated backpropagation through time; null for the cell's <see cref="DefaultSeqLength"/>.</summary>
    public int? SeqLength { get; init; }

    /// <summary><see cref="SeqLength"/>, or the cell's default.</summary>
    public int ChunkLength => SeqLength ?? DefaultSeqLength(Cell);

    public int BatchSize { get; init; } = 32;

    /// <summary>Passes over the training split; null for no limit.</summary>
    public int? Epochs { get; init; }

    /// <summary>Optimizer steps (one per chunk); null for no limit.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Wall-clock time for the training loop; null for no limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The rate before the decay and the cooldown; null for the optimizer's and cell's <see cref="DefaultLearningRate"/>.</summary>
    public double? LearningRate { get; init; }

    /// <summary><see cref="LearningRate"/>, or the default for the optimizer and the cell.</summary>
    public double BaseLearningRate => LearningRate ?? DefaultLearningRate(Optimizer, Cell);

    /// <summary>
    /// The optimizer's default (<see cref="Optimizer{T}.DefaultLearningRate"/>), but Adam's is higher for the LSTM and
    /// the vanilla RNN: with their own restarts, dropout and chunk length both end their runs at a lower validation loss
    /// with it than at char-rnn's rate. The GRU reaches its target at char-rnn's rate (docs/training.md).
    /// </summary>
    public static double DefaultLearningRate(OptimizerKind optimizer, CellType cell) =>
        optimizer == OptimizerKind.Adam && cell != CellType.Gru ? 3e-3 : Optimizer<float>.DefaultLearningRate(optimizer);

    /// <summary>
    /// char-rnn's chunk length, but half of it for the vanilla RNN: its tanh state forgets within a few dozen
    /// characters, so a longer chunk adds little to what it learns while halving its updates per epoch, and it ends its
    /// runs lower with the shorter chunk (docs/training.md).
    /// </summary>
    public static int DefaultSeqLength(CellType cell) => cell == CellType.Rnn ? 25 : 50;

    /// <summary>The learning rate is multiplied by this after every epoch once <see cref="LearningRateDecayAfter"/> are done (char-rnn's value).</summary>
    public double LearningRateDecay { get; init; } = 0.97;

    /// <summary>Epochs at the full learning rate before the decay starts (char-rnn's value).</summary>
    public int LearningRateDecayAfter { get; init; } = 10;

    /// <summary>
    /// The share of the run, at its end, over which the learning rate falls linearly to zero
    /// (<see cref="LearningRateCooldown"/>); 0 for char-rnn's schedule alone. On by default so that a run stopped by
    /// its limit ends settled rather than mid-stride, at a lower loss than without it (docs/training.md).
    /// </summary>
    public double Cooldown { get; init; } = 0.2;

    /// <summary>The bound of <see cref="ClipMode"/>: ±Clip per element, or a global L2 norm of at most Clip; unused by <see cref="ClipMode.None"/>.</summary>
    public double Clip { get; init; } = 5;

    /// <summary>
    /// The probability of dropping a unit between layers and before the output layer while training; null for the
    /// cell's <see cref="DefaultDropout"/>.
    /// </summary>
    public double? Dropout { get; init; }

    /// <summary><see cref="Dropout"/>, or the cell's default.</summary>
    public double DropoutProbability => Dropout ?? DefaultDropout(Cell);

    /// <summary>
    /// Not char-rnn's none: on Tiny Shakespeare a two-layer GRU overfits within a few epochs without dropout and ends
    /// far lower with it. The LSTM and the vanilla RNN learn more slowly per step and need less, the RNN least; each
    /// value is the one whose runs ended lowest (docs/training.md).
    /// </summary>
    public static double DefaultDropout(CellType cell) => cell switch
    {
        CellType.Rnn => 0.05,
        CellType.Lstm => 0.1,
        _ => 0.25,
    };

    public ClipMode ClipMode { get; init; } = ClipMode.Value;

    /// <summary>
    /// Besides zeroing every stream's state at an epoch's start, zero each stream's state every this many chunks,
    /// the streams in turn (<see cref="StreamResets"/>); 0 for never; null for the cell's <see cref="DefaultResetEvery"/>.
    /// </summary>
    public int? ResetEvery { get; init; }

    /// <summary><see cref="ResetEvery"/>, or the cell's default.</summary>
    public int StreamResetPeriod => ResetEvery ?? DefaultResetEvery(Cell);

    /// <summary>
    /// For the LSTM only. An LSTM whose streams run a whole epoch from one zero state learns cells that grow without
    /// bound and that some zero starts never charge: started cold in such a place, it stays much worse for a long
    /// stretch of text. Zeroed every few chunks, it learns to start from zero, where sampling and validation start
    /// (docs/training.md). The RNN's and GRU's states are bounded and start fine.
    /// </summary>
    public static int DefaultResetEvery(CellType cell) => cell == CellType.Lstm ? 20 : 0;

    /// <summary>The initial weight matrices are uniform in ±InitScale/√H.</summary>
    public double InitScale { get; init; } = 1;

    public double ValidationFraction { get; init; } = 0.1;

    public ulong Seed { get; init; } = 1;

    /// <summary>Print a sample every this many epochs; 0 for never.</summary>
    public int SampleEvery { get; init; } = 1;

    /// <summary>Evaluate on the validation split every this many steps (and after each epoch, and at the end).</summary>
    public int EvaluateEvery { get; init; } = 500;

    /// <summary>Where to write the metrics as JSON lines; null for nowhere.</summary>
    public string? MetricsPath { get; init; }

    /// <summary>Where to write one JSON line per step (the gradient norm before clipping, and whether it was clipped); null for nowhere.</summary>
    public string? GradientNormLogPath { get; init; }

    /// <summary>Where to write the checkpoint at every evaluation; null for beside the model, <see cref="CheckpointTarget"/>.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>The checkpoint file this run writes: <see cref="CheckpointPath"/>, or the model's path + <c>.ckpt</c>.</summary>
    public string CheckpointTarget => CheckpointPath ?? OutputPath + ".ckpt";

    /// <summary>A checkpoint to continue from; null to start afresh.</summary>
    public string? ResumePath { get; init; }
}
