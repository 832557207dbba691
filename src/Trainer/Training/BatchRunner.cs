using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;

namespace CharRnn.Training;

/// <summary>
/// Runs a batch of streams through a network chunk by chunk, in shards that work in parallel. Each shard owns a
/// fixed group of streams, its carried hidden state and its own gradient; the shard gradients are added in shard
/// order. The shard count is a property of the run, not of the machine, and a shard's result does not depend on the
/// thread that runs it, so a seed gives the same weights bit for bit at any thread count (docs/determinism.md).
/// </summary>
/// <remarks>
/// The calling thread and threads − 1 helper threads meet at a barrier before and after each chunk; in between each
/// takes the next shard not yet taken until none is left. The helpers, the barrier and the work delegates are made
/// once, so a chunk allocates nothing (a closure and Parallel.ForEach would allocate on every step). Dispose stops
/// the helpers.
/// </remarks>
internal sealed class BatchRunner<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Shard[] _shards;
    private readonly int _streams;
    private readonly int _steps;
    private readonly ulong _seed;
    private readonly Action<Shard> _trainShard;
    private readonly Action<Shard> _evaluateShard;
    private readonly Barrier? _barrier;
    private readonly Thread[] _helpers;

    // What the shards run next, set by the calling thread before the barrier lets the helpers go.
    private Action<Shard> _work;
    private StreamLayout? _layout;
    private int _position;
    private int _warmup;
    private long _step;
    private T _scale;
    private bool _stopping;
    private int _nextShard;

    /// <param name="seed">The run's seed, from which each training chunk's dropout masks derive.</param>
    /// <param name="dropout">The dropout probability between layers and before the output layer.</param>
    /// <param name="shards">The shards the streams are split into (at most one per stream); they fix the results.</param>
    /// <param name="threads">The threads that run the shards, at most one per shard; null for one per core.</param>
    public BatchRunner(RnnNetwork<T> network, int streams, int steps, ulong seed = 0, float dropout = 0,
        int shards = TrainingOptions.LegacyShardCount, int? threads = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads ?? 1, 1, nameof(threads));
        _streams = streams;
        _steps = steps;
        _seed = seed;
        shards = Math.Min(streams, shards);
        _shards = new Shard[shards];
        for (int i = 0; i < shards; i++)
        {
            int first = streams * i / shards;
            int count = streams * (i + 1) / shards - first;
            _shards[i] = new Shard(new RnnWorkspace<T>(network, count, steps, dropout), first, network.Parameters.Length);
        }

        Gradients = new T[network.Parameters.Length];
        _trainShard = TrainShard;
        _evaluateShard = EvaluateShard;
        _work = _trainShard;
        Threads = Math.Min(threads ?? Environment.ProcessorCount, shards);
        _helpers = new Thread[Threads - 1];
        if (Threads > 1)
        {
            _barrier = new Barrier(Threads);
            for (int i = 1; i < Threads; i++)
            {
                // Background, so a runner that is never disposed cannot keep the process alive.
                _helpers[i - 1] = new Thread(Help) { IsBackground = true, Name = $"charrnn worker {i}" };
                _helpers[i - 1].Start();
            }
        }
    }

    /// <summary>The shards the streams are split into.</summary>
    public int Shards => _shards.Length;

    /// <summary>The threads that run them, the calling thread included.</summary>
    public int Threads { get; }

    /// <summary>The gradient of the mean loss of the last <see cref="TrainChunk"/>.</summary>
    public T[] Gradients { get; }

    /// <summary>Zeroes the carried hidden state (at the start of an epoch, when the streams start over).</summary>
    public void ResetState()
    {
        foreach (Shard shard in _shards)
        {
            Array.Clear(shard.State);
        }
    }

    /// <summary>Zeroes the carried training state of <paramref name="stream"/> alone, as if it started over.</summary>
    public void ResetStream(int stream)
    {
        int index = _shards.Length - 1; // a loop, not LINQ: this runs every few steps and must not allocate
        while (_shards[index].FirstStream > stream)
        {
            index--;
        }

        Shard shard = _shards[index];
        shard.Workspace.ResetStream(shard.State, stream - shard.FirstStream);
    }

    /// <summary>
    /// Forward and backward over the chunk at <paramref name="position"/>, carrying the hidden state on; leaves the
    /// gradient of the mean loss in <see cref="Gradients"/> and returns the mean loss in nats per character.
    /// <paramref name="step"/> picks the dropout masks, so a resumed run draws the ones the uninterrupted run drew.
    /// </summary>
    public double TrainChunk(StreamLayout layout, int position, long step)
    {
        CheckLayout(layout);
        _position = position;
        _step = step;
        _scale = T.One / T.CreateTruncating(_streams * _steps);
        RunShards(_trainShard, layout);

        _shards[0].Gradients.CopyTo(Gradients, 0);
        double loss = _shards[0].Loss;
        for (int i = 1; i < _shards.Length; i++)
        {
            TensorPrimitives.Add(Gradients, _shards[i].Gradients, Gradients);
            loss += _shards[i].Loss;
        }

        return loss / (_streams * _steps);
    }

    /// <summary>
    /// The mean loss in nats per character over every position of <paramref name="layout"/>. Each stream but the first
    /// first reads the <paramref name="warmup"/> characters before it (at most a stream's length) without scoring them,
    /// so it starts in the state reading the text up to there leaves rather than cold; the first stream starts from the
    /// zero state, where the text starts. With no warm-up every stream starts cold, as char-rnn's validation does.
    /// The training state and gradients are left alone.
    /// </summary>
    public double Evaluate(StreamLayout layout, int warmup = 0)
    {
        CheckLayout(layout);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        _warmup = Math.Min(warmup, layout.StreamLength);
        RunShards(_evaluateShard, layout);
        double loss = 0;
        foreach (Shard shard in _shards)
        {
            loss += shard.Loss;
        }

        return loss / ((double)_streams * layout.StreamLength);
    }

    public void Dispose()
    {
        if (_barrier is null || _stopping)
        {
            return;
        }

        _stopping = true;
        _barrier.SignalAndWait(); // the helpers wake, see _stopping and return
        foreach (Thread helper in _helpers)
        {
            helper.Join();
        }

        _barrier.Dispose();
    }

    private void TrainShard(Shard shard)
    {
        Fill(shard, _layout!, _position, _steps);
        shard.Loss = shard.Workspace.Forward(shard.Inputs, shard.Targets, _steps, shard.State,
            Dropout.ChunkSeed(_seed, _step, shard.FirstStream));
        Array.Clear(shard.Gradients);
        shard.Workspace.Backward(shard.Inputs, shard.Targets, _steps, _scale, shard.Gradients);
    }

    private void EvaluateShard(Shard shard)
    {
        StreamLayout layout = _layout!;
        Array.Clear(shard.EvaluationState);
        for (int position = -_warmup; position < 0; position += _steps)
        {
            int steps = Math.Min(_steps, -position);
            Fill(shard, layout, position, steps);
            shard.Workspace.Forward(shard.Inputs, shard.Targets, steps, shard.EvaluationState);
        }

        if (shard.FirstStream == 0)
        {
            shard.Workspace.ResetStream(shard.EvaluationState, 0); // it read its own first character, not text before it
        }

        shard.Loss = 0;
        for (int position = 0; position < layout.StreamLength; position += _steps)
        {
            int steps = Math.Min(_steps, layout.StreamLength - position);
            Fill(shard, layout, position, steps);
            shard.Loss += shard.Workspace.Forward(shard.Inputs, shard.Targets, steps, shard.EvaluationState);
        }
    }

    // Runs work on every shard and returns when all are done; a shard's exception is rethrown here, first shard first.
    private void RunShards(Action<Shard> work, StreamLayout layout)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _work = work;
        _layout = layout;
        _nextShard = 0;
        _barrier?.SignalAndWait(); // start
        TakeShards();
        _barrier?.SignalAndWait(); // every shard is done
        _layout = null;
        foreach (Shard shard in _shards)
        {
            if (shard.Failure is { } failure)
            {
                shard.Failure = null;
                failure.Throw();
            }
        }
    }

    private void Help()
    {
        while (true)
        {
            _barrier!.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            TakeShards();
            _barrier.SignalAndWait();
        }
    }

    // Takes shards until none is left; which thread runs a shard cannot change its result.
    private void TakeShards()
    {
        for (int index = Interlocked.Increment(ref _nextShard) - 1; index < _shards.Length; index = Interlocked.Increment(ref _nextShard) - 1)
        {
            RunShard(index);
        }
    }

    // Catches everything: an exception escaping a helper would end the process, and one escaping the calling thread
    // before the second barrier would leave the helpers waiting for it.
    private void RunShard(int index)
    {
        try
        {
            _work(_shards[index]);
        }
        catch (Exception e)
        {
            _shards[index].Failure = ExceptionDispatchInfo.Capture(e);
        }
    }

    private static void Fill(Shard shard, StreamLayout layout, int position, int steps) =>
        layout.Fill(position, steps, shard.FirstStream, shard.Workspace.Streams, shard.Inputs, shard.Targets);

    private void CheckLayout(StreamLayout layout)
    {
        if (layout.Streams != _streams)
        {
            throw new ArgumentException($"The layout has {layout.Streams} streams; this runner runs {_streams}.", nameof(layout));
        }
    }

    /// <summary>The length of the carried training state of all shards together (for checkpoints).</summary>
    public int CarriedStateLength => _shards.Sum(shard => shard.State.Length);

    /// <summary>Copies the carried training state, shard after shard, into <paramref name="destination"/>.</summary>
    public void CopyCarriedStateTo(Span<T> destination)
    {
        foreach (Shard shard in _shards)
        {
            shard.State.CopyTo(destination);
            destination = destination[shard.State.Length..];
        }
    }

    /// <summary>Restores the carried training state saved by <see cref="CopyCarriedStateTo"/>.</summary>
    public void CopyCarriedStateFrom(ReadOnlySpan<T> source)
    {
        foreach (Shard shard in _shards)
        {
            source[..shard.State.Length].CopyTo(shard.State);
            source = source[shard.State.Length..];
        }
    }

    private sealed class Shard(RnnWorkspace<T> workspace, int firstStream, int parameterCount)
    {
        public RnnWorkspace<T> Workspace { get; } = workspace;

        public int FirstStream { get; } = firstStream;

        public T[] State { get; } = new T[workspace.StateLength];

        /// <summary>The state evaluation carries from chunk to chunk, apart from the training state.</summary>
        public T[] EvaluationState { get; } = new T[workspace.StateLength];

        public T[] Gradients { get; } = new T[parameterCount];

        public int[] Inputs { get; } = new int[workspace.Streams * workspace.MaxSteps];

        public int[] Targets { get; } = new int[workspace.Streams * workspace.MaxSteps];

        public double Loss { get; set; }

        public ExceptionDispatchInfo? Failure { get; set; }
    }
}
