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
    public void Training_steps_and_evaluations_after_warm_up_allocate_nothing_on_any_thread(CellType cell)
    {
        RnnNetwork<float> network = Network(cell);
        using var runner = new BatchRunner<float>(network, Streams, Steps, Seed, DropoutProbability);
        var optimizer = Optimizer<float>.Create(OptimizerKind.Adam, 0.01, network.Parameters.Length);
        int step = 0;
        void Train(int steps)
        {
            for (int i = 0; i < steps; i++, step++)
            {
                runner.TrainChunk(Layout, step % ChunksPerEpoch * Steps, step);
                TensorPrimitives.Clamp<float>(runner.Gradients, -5f, 5f, runner.Gradients);
                optimizer.Step(network.Parameters, runner.Gradients);
                network.RefreshTransposed();
            }

            runner.Evaluate(Layout);
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

    private static RnnNetwork<float> Network(CellType cell)
    {
        var network = new RnnNetwork<float>(cell, Corpus.Vocabulary.Length, Hidden, Layers);
        network.Initialize(3);
        return network;
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
            var shard = new Shard(network, first, count);
            for (int position = 0; position < Layout.StreamLength; position += Steps)
            {
                int steps = Math.Min(Steps, Layout.StreamLength - position);
                Layout.Fill(position, steps, first, count, shard.Inputs, shard.Targets);
                loss += shard.Workspace.Forward(shard.Inputs, shard.Targets, steps, shard.State);
            }
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
