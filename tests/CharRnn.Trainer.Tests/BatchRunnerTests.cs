using System.Numerics.Tensors;
using CharRnn.ModelFormat;
using CharRnn.Training;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;
using CharRnn.Training.Optimizers;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// Alone in its collection, with parallelization off: the allocation test counts every thread's allocations, so no
/// other test may run beside it.
/// </summary>
[CollectionDefinition(nameof(BatchRunnerTests), DisableParallelization = true)]
public sealed class BatchRunnerCollection;

[Collection(nameof(BatchRunnerTests))]
public class BatchRunnerTests
{
    // Five streams make two unequal shards (2 and 3 streams); two layers exercise the gradient between layers.
    private const int Streams = 5, Steps = 16, Hidden = 24, Layers = 2;
    private static readonly TextCorpus Corpus = TextCorpus.FromText([.. TestFiles.PatternText.Select(c => (int)c)], "pattern");
    private static readonly StreamLayout Layout = new(Corpus.Ids, Streams);
    private static readonly int ChunksPerEpoch = Layout.StreamLength / Steps;
    private const ulong Seed = 3;
    private const float DropoutProbability = 0.25f;

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Training_steps_restarts_and_evaluations_after_warm_up_allocate_nothing_on_any_thread(CellType cell)
    {
        RnnNetwork<float> network = Network(cell);
        using var runner = new BatchRunner<float>(network, Streams, Steps, Seed, DropoutProbability);
        var optimizer = Optimizer<float>.Create(OptimizerKind.Adam, 0.01, network.Parameters.Length);
        int step = 0;
        void Train(int steps)
        {
            step = TrainChunks(runner, network, optimizer, step, steps);
            runner.ResetStream(step % Streams);
            runner.Evaluate(Layout, warmup: Steps + 1);
        }

        Train(200); // past tiered compilation's promotions
        // GC.GetTotalAllocatedBytes counts every thread, including the runtime's own (late tier-up on a loaded
        // machine, the test host), which allocate now and then; an allocation per step would show in every window,
        // so the least must be 0. Many short windows keep the test steady on a busy CI machine.
        long least = long.MaxValue;
        for (int window = 0; window < 40 && least > 0; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            Train(5);
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        Assert.Equal(0, least);
    }

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Parallel_shards_give_bit_for_bit_the_weights_of_the_shards_run_one_after_the_other(CellType cell)
    {
        RnnNetwork<float> parallel = Network(cell), sequential = Network(cell);
        var parallelOptimizer = Optimizer<float>.Create(OptimizerKind.Adam, 0.01, parallel.Parameters.Length);
        var sequentialOptimizer = Optimizer<float>.Create(OptimizerKind.Adam, 0.01, sequential.Parameters.Length);
        using var runner = new BatchRunner<float>(parallel, Streams, Steps, Seed, DropoutProbability);
        Shard[] shards = [new(sequential, 0, 2), new(sequential, 2, 3)]; // the runner's split of five streams
        var gradients = new float[sequential.Parameters.Length];
        float scale = 1f / (Streams * Steps);
        for (int step = 0; step < 2 * ChunksPerEpoch + 3; step++)
        {
            int position = step % ChunksPerEpoch * Steps;
            if (position == 0)
            {
                runner.ResetState();
                Array.ForEach(shards, shard => Array.Clear(shard.State));
            }

            runner.TrainChunk(Layout, position, step);
            Update(parallel, parallelOptimizer, runner.Gradients);

            foreach (Shard shard in shards)
            {
                Layout.Fill(position, Steps, shard.First, shard.Workspace.Streams, shard.Inputs, shard.Targets);
                shard.Workspace.Forward(shard.Inputs, shard.Targets, Steps, shard.State, Dropout.ChunkSeed(Seed, step, shard.First));
                Array.Clear(shard.Gradients);
                shard.Workspace.Backward(shard.Inputs, shard.Targets, Steps, scale, shard.Gradients);
            }

            shards[0].Gradients.CopyTo(gradients, 0);
            TensorPrimitives.Add(gradients, shards[1].Gradients, gradients);
            Update(sequential, sequentialOptimizer, gradients);
        }

        Assert.Equal(sequential.Parameters.Select(BitConverter.SingleToInt32Bits), parallel.Parameters.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(Evaluate(sequential), runner.Evaluate(Layout));
    }

    public static TheoryData<CellType> Cells => [CellType.Rnn, CellType.Lstm, CellType.Gru];

    [Theory]
    [MemberData(nameof(Cells))]
    public void A_warmed_evaluation_starts_each_stream_after_the_text_before_it_and_the_first_stream_cold(CellType cell)
    {
        RnnNetwork<float> network = Network(cell);
        using var runner = new BatchRunner<float>(network, Streams, Steps);
        // Trained a little, so that the state a stream starts in matters.
        TrainChunks(runner, network, Optimizer<float>.Create(OptimizerKind.Adam, 0.01, network.Parameters.Length), 0, 60);
        const int Warmup = 21; // a chunk and a part

        double cold = runner.Evaluate(Layout), warmed = runner.Evaluate(Layout, Warmup);

        // Each stream alone: stream s > 0 reads the Warmup characters before s·L unscored, then its own positions.
        var alone = new Shard(network, 0, 1);
        double expected = 0;
        double Read(int stream, int from, int to)
        {
            double loss = 0;
            for (int position = from; position < to; position += Steps)
            {
                int steps = Math.Min(Steps, to - position);
                Layout.Fill(position, steps, stream, 1, alone.Inputs, alone.Targets);
                loss += alone.Workspace.Forward(alone.Inputs, alone.Targets, steps, alone.State);
            }

            return loss;
        }

        for (int stream = 0; stream < Streams; stream++)
        {
            Array.Clear(alone.State);
            if (stream > 0)
            {
                Read(stream, -Warmup, 0);
            }

            expected += Read(stream, 0, Layout.StreamLength);
        }

        expected /= (double)Streams * Layout.StreamLength;
        Assert.InRange(warmed, expected - 1e-6 * expected, expected + 1e-6 * expected);
        Assert.True(Math.Abs(warmed - cold) > 1e-4, $"the warm-up changed nothing: {warmed} against {cold} cold");
        Assert.Equal(runner.Evaluate(Layout, Layout.StreamLength), runner.Evaluate(Layout, 100 * Layout.StreamLength)); // at most a stream
        Assert.Equal(cold, runner.Evaluate(Layout, 0));
    }

    [Fact]
    public void Resetting_one_stream_zeroes_its_carried_state_and_leaves_the_others_alone()
    {
        RnnNetwork<float> network = Network(CellType.Lstm);
        using var runner = new BatchRunner<float>(network, Streams, Steps);
        runner.TrainChunk(Layout, 0, 0);
        var before = new float[runner.CarriedStateLength];
        runner.CopyCarriedStateTo(before);

        runner.ResetStream(3); // the second shard's second stream
        var after = new float[runner.CarriedStateLength];
        runner.CopyCarriedStateTo(after);

        // The state is shard after shard; a shard's is per layer h then c, each stream after stream.
        var zeroed = new List<int>();
        for (int i = 0; i < after.Length; i++)
        {
            if (after[i] != before[i])
            {
                Assert.Equal(0f, after[i]);
                zeroed.Add(i);
            }
        }

        int shardStart = 2 * Layers * 2 * Hidden, slot = 3 * Hidden; // the first shard's state; one part of the second's
        IEnumerable<int> expected = Enumerable.Range(0, Layers * 2)
            .SelectMany(part => Enumerable.Range(shardStart + part * slot + Hidden, Hidden));
        Assert.Equal(expected.Where(i => before[i] != 0), zeroed);
        Assert.True(zeroed.Count > Hidden, "the state to zero was zero already");
    }

    private static RnnNetwork<float> Network(CellType cell)
    {
        var network = new RnnNetwork<float>(cell, Corpus.Vocabulary.Length, Hidden, Layers);
        network.Initialize(3);
        return network;
    }

    // Trains count chunks from step first on, as the trainer does; returns the step after them.
    private static int TrainChunks(BatchRunner<float> runner, RnnNetwork<float> network, Optimizer<float> optimizer, int first, int count)
    {
        for (int step = first; step < first + count; step++)
        {
            runner.TrainChunk(Layout, step % ChunksPerEpoch * Steps, step);
            Update(network, optimizer, runner.Gradients);
        }

        return first + count;
    }

    private static void Update(RnnNetwork<float> network, Optimizer<float> optimizer, float[] gradients)
    {
        TensorPrimitives.Clamp<float>(gradients, -5f, 5f, gradients);
        optimizer.Step(network.Parameters, gradients);
        network.RefreshTransposed();
    }

    // The runner's validation loss, computed stream group by stream group on this thread.
    private static double Evaluate(RnnNetwork<float> network)
    {
        double loss = 0;
        foreach (var (first, count) in new[] { (0, 2), (2, 3) })
        {
            // Each shard's sum first, then the shards' sums in order, as the runner adds them.
            var shard = new Shard(network, first, count);
            double shardLoss = 0;
            for (int position = 0; position < Layout.StreamLength; position += Steps)
            {
                int steps = Math.Min(Steps, Layout.StreamLength - position);
                Layout.Fill(position, steps, first, count, shard.Inputs, shard.Targets);
                shardLoss += shard.Workspace.Forward(shard.Inputs, shard.Targets, steps, shard.State);
            }

            loss += shardLoss;
        }

        return loss / ((double)Streams * Layout.StreamLength);
    }

    private sealed class Shard(RnnNetwork<float> network, int first, int count)
    {
        public int First { get; } = first;

        public RnnWorkspace<float> Workspace { get; } = new(network, count, Steps, DropoutProbability);

        public float[] State => field ??= new float[Workspace.StateLength];

        public float[] Gradients { get; } = new float[network.Parameters.Length];

        public int[] Inputs { get; } = new int[count * Steps];

        public int[] Targets { get; } = new int[count * Steps];
    }
}
