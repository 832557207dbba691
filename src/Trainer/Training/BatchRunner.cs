using System.Numerics;
using System.Numerics.Tensors;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;

namespace CharRnn.Training;

/// <summary>
/// Runs a batch of streams through a network chunk by chunk, in shards that work in parallel. Each shard owns a
/// fixed group of streams, its carried hidden state and its own gradient; the shard gradients are added in shard
/// order. The shard count is a constant, not the machine's core count, so a seed gives the same weights anywhere.
/// </summary>
internal sealed class BatchRunner<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int ShardCount = 2;
    private readonly Shard[] _shards;
    private readonly int _streams;
    private readonly int _steps;

    public BatchRunner(RnnNetwork<T> network, int streams, int steps)
    {
        _streams = streams;
        _steps = steps;
        int shards = Math.Min(streams, ShardCount);
        _shards = new Shard[shards];
        for (int i = 0; i < shards; i++)
        {
            int first = streams * i / shards;
            int count = streams * (i + 1) / shards - first;
            _shards[i] = new Shard(new RnnWorkspace<T>(network, count, steps), first, network.Parameters.Length);
        }

        Gradients = new T[network.Parameters.Length];
    }

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

    /// <summary>
    /// Forward and backward over the chunk at <paramref name="position"/>, carrying the hidden state on; leaves the
    /// gradient of the mean loss in <see cref="Gradients"/> and returns the mean loss in nats per character.
    /// </summary>
    public double TrainChunk(StreamLayout layout, int position)
    {
        CheckLayout(layout);
        T scale = T.One / T.CreateTruncating(_streams * _steps);
        RunShards(shard =>
        {
            Fill(shard, layout, position, _steps);
            shard.Loss = shard.Workspace.Forward(shard.Inputs, shard.Targets, _steps, shard.State);
            Array.Clear(shard.Gradients);
            shard.Workspace.Backward(shard.Inputs, shard.Targets, _steps, scale, shard.Gradients);
        });

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
    /// The mean loss in nats per character over every position of <paramref name="layout"/>, each stream starting
    /// from the zero state. The training state and gradients are left alone.
    /// </summary>
    public double Evaluate(StreamLayout layout)
    {
        CheckLayout(layout);
        foreach (Shard shard in _shards)
        {
            shard.Loss = 0;
        }

        RunShards(shard =>
        {
            var state = new T[shard.State.Length];
            for (int position = 0; position < layout.StreamLength; position += _steps)
            {
                int steps = Math.Min(_steps, layout.StreamLength - position);
                Fill(shard, layout, position, steps);
                shard.Loss += shard.Workspace.Forward(shard.Inputs, shard.Targets, steps, state);
            }
        });

        return _shards.Sum(shard => shard.Loss) / ((double)_streams * layout.StreamLength);
    }

    private void RunShards(Action<Shard> work)
    {
        if (_shards.Length == 1)
        {
            work(_shards[0]);
        }
        else
        {
            Parallel.ForEach(_shards, work);
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

    private sealed class Shard(RnnWorkspace<T> workspace, int firstStream, int parameterCount)
    {
        public RnnWorkspace<T> Workspace { get; } = workspace;

        public int FirstStream { get; } = firstStream;

        public T[] State { get; } = new T[workspace.StateLength];

        public T[] Gradients { get; } = new T[parameterCount];

        public int[] Inputs { get; } = new int[workspace.Streams * workspace.MaxSteps];

        public int[] Targets { get; } = new int[workspace.Streams * workspace.MaxSteps];

        public double Loss { get; set; }
    }
}
