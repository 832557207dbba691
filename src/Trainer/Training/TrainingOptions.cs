using CharRnn.Training.Cells;
using CharRnn.Training.Optimizers;

namespace CharRnn.Training;

/// <summary>
/// Everything a training run needs, checked by the <c>train</c> command before a run starts. The one place each
/// default is resolved: the commands and their help texts take theirs from here. The per-cell defaults are measured
/// for each cell and declared by its layer (<see cref="CellTrainingDefaults"/>, through <see cref="CellLayers"/>); a
/// cell without a registered layer has none, and asking for them is an error. Why each default is what it is, and the
/// runs behind it, is in docs/training.md.
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

    /// <summary>
    /// The shard count of runs made before it was an option; a checkpoint that does not record one was made with it.
    /// </summary>
    public const int LegacyShardCount = 2;

    /// <summary>
    /// The default <see cref="Shards"/>: enough for eight cores to share a batch, few enough that each shard's products
    /// keep several streams' rows together.
    /// </summary>
    public const int DefaultShardCount = 8;

    /// <summary>
    /// The shards a batch is split into (at most one per stream), which fix the results whatever <see cref="Threads"/>
    /// is; null for <see cref="DefaultShardCount"/>, or for the checkpoint's count when resuming.
    /// </summary>
    public int? Shards { get; init; }

    /// <summary><see cref="Shards"/>, or the default.</summary>
    public int ShardCount => Shards ?? DefaultShardCount;

    /// <summary>The threads that run the shards (at most one per shard); null for one per core. Never changes the results.</summary>
    public int? Threads { get; init; }

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
    /// The optimizer's default (<see cref="Optimizer{T}.DefaultLearningRate"/>), but Adam's is the cell's own where it
    /// declares one (<see cref="CellTrainingDefaults.AdamLearningRate"/>).
    /// </summary>
    public static double DefaultLearningRate(OptimizerKind optimizer, CellType cell) =>
        optimizer == OptimizerKind.Adam && CellLayers.TrainingDefaults(cell).AdamLearningRate is { } rate
            ? rate : Optimizer<float>.DefaultLearningRate(optimizer);

    /// <summary>The cell's chunk length (<see cref="CellTrainingDefaults.ChunkLength"/>).</summary>
    public static int DefaultSeqLength(CellType cell) => CellLayers.TrainingDefaults(cell).ChunkLength;

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

    /// <summary>The cell's dropout (<see cref="CellTrainingDefaults.Dropout"/>); not char-rnn's none.</summary>
    public static double DefaultDropout(CellType cell) => CellLayers.TrainingDefaults(cell).Dropout;

    public ClipMode ClipMode { get; init; } = ClipMode.Value;

    /// <summary>
    /// Besides zeroing every stream's state at an epoch's start, zero each stream's state every this many chunks,
    /// the streams in turn (<see cref="StreamResets"/>); 0 for never; null for the cell's <see cref="DefaultResetEvery"/>.
    /// </summary>
    public int? ResetEvery { get; init; }

    /// <summary><see cref="ResetEvery"/>, or the cell's default.</summary>
    public int StreamResetPeriod => ResetEvery ?? DefaultResetEvery(Cell);

    /// <summary>The cell's period of stream resets (<see cref="CellTrainingDefaults.ResetEvery"/>); 0 for never.</summary>
    public static int DefaultResetEvery(CellType cell) => CellLayers.TrainingDefaults(cell).ResetEvery;

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
