using CharRnn.ModelFormat;
using CharRnn.Training.Optimizers;

namespace CharRnn.Training;

/// <summary>Everything a training run needs, checked by the <c>train</c> command before a run starts.</summary>
internal sealed record TrainingOptions
{
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
    /// The optimizer's default (<see cref="Optimizer{T}.DefaultLearningRate"/>), but Adam's is 0.003 for the LSTM and the
    /// vanilla RNN: with its restarts the LSTM 2×256 ends 10,390 steps at 1.4955 against 1.5098 at 0.002, and the RNN
    /// 1×256 ends 50 epochs at 1.5796 against 1.6074 (its chunks of 25, dropout 0.05). The GRU 2×256 reaches its target at
    /// char-rnn's 0.002.
    /// </summary>
    public static double DefaultLearningRate(OptimizerKind optimizer, CellType cell) =>
        optimizer == OptimizerKind.Adam && cell != CellType.Gru ? 3e-3 : Optimizer<float>.DefaultLearningRate(optimizer);

    /// <summary>
    /// char-rnn's 50, but 25 for the vanilla RNN: its tanh state forgets within a few dozen characters, so a longer chunk
    /// adds little to what it learns while halving its updates per epoch (its 1×256 ends 50 epochs at 1.6074 with 25,
    /// against 1.6151 with 50, at dropout 0.05 and char-rnn's rate).
    /// </summary>
    public static int DefaultSeqLength(CellType cell) => cell == CellType.Rnn ? 25 : 50;

    /// <summary>The learning rate is multiplied by this after every epoch once <see cref="LearningRateDecayAfter"/> are done (char-rnn's 0.97).</summary>
    public double LearningRateDecay { get; init; } = 0.97;

    /// <summary>Epochs at the full learning rate before the decay starts (char-rnn's 10).</summary>
    public int LearningRateDecayAfter { get; init; } = 10;

    /// <summary>
    /// The share of the run, at its end, over which the learning rate falls linearly to zero
    /// (<see cref="LearningRateCooldown"/>); 0 for char-rnn's schedule alone. 0.2: a run stopped by its limit
    /// ends settled rather than mid-stride (an LSTM 2×256 gained 0.016 nats/char in 767 steps at 0.38× the rate).
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
    /// 0.25 for the GRU, not char-rnn's 0: on Tiny Shakespeare a GRU 2×256 overfits from its sixth epoch without it
    /// (1.536 at best) and reaches 1.481 with it in 15 minutes. The LSTM and the vanilla RNN learn more slowly per step
    /// and need less: 0.1 for the LSTM (its 2×256 ends 10,390 steps at 1.5098 against 1.5212 with 0.25, both restarting
    /// every 20 steps), 0.05 for the RNN (its 1×256 ends 50 epochs at 1.6151, against 1.6265 with 0.1 and 1.6591 with
    /// 0.25).
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
    /// 20 for the LSTM, never for the others. An LSTM whose streams run a whole epoch from one zero state learns cells
    /// that grow without bound (|c| in the thousands) and that some zero starts never charge: started cold in such a
    /// place, it stays 0.45 nats/char worse for thousands of characters. Zeroed every 1,000 characters, it learns to
    /// start from zero, where sampling and validation start. The RNN's and GRU's states are bounded and start fine.
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

    /// <summary>Where to draw the loss curves (.png or .svg), redrawn at every evaluation; null for no plot.</summary>
    public string? PlotPath { get; init; }
}
