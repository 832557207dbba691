using BenchmarkDotNet.Attributes;
using CharRnn.ModelFormat;
using CharRnn.Tests;
using CharRnn.Training;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;
using CharRnn.Training.Optimizers;

namespace CharRnn.Benchmarks;

/// <summary>
/// One training step as <c>charrnn train</c> takes it (forward and backward over the shards, the gradient norm, clipping
/// by value at 5, the optimizer's update, the weights repacked) on Tiny Shakespeare, for issue 6's configurations and
/// issue 3's stacked ones. The chars/s column is B·T divided by the mean time per step.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CharsPerSecondColumn.Config))]
public class TrainingBenchmarks
{
    // Steps taken in the setup: enough for every method of a step to be called 30 times and recompiled.
    private const int WarmUpSteps = 60;

    private RnnNetwork<float> _network = null!;
    private BatchRunner<float> _runner = null!;
    private Optimizer<float> _optimizer = null!;
    private StreamLayout _layout = null!;
    private long _step;

    public static IEnumerable<TrainingConfiguration> Configurations => TrainingConfiguration.All;

    [ParamsSource(nameof(Configurations))]
    public TrainingConfiguration Configuration { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        TrainingConfiguration c = Configuration;
        TextCorpus corpus = TextCorpus.FromText(CorpusReader.Read(Repository.Shakespeare), "tinyshakespeare");
        _network = new RnnNetwork<float>(c.Cell, corpus.Vocabulary.Length, c.Hidden, c.Layers);
        _network.Initialize(1);
        _runner = new BatchRunner<float>(_network, c.BatchSize, c.SeqLength, seed: 1, shards: TrainingOptions.DefaultShardCount);
        _optimizer = Optimizer<float>.Create(c.Optimizer, Optimizer<float>.DefaultLearningRate(c.Optimizer), _network.Parameters.Length);
        _layout = new StreamLayout(corpus.Ids, c.BatchSize);
        // Past the runtime's tier-up before BenchmarkDotNet's few warm-up steps: under chrt -f 50 the two shard threads
        // hold both cores at real-time priority, and the background compiler (inheriting it) only runs while a shard
        // waits at the barrier, so a short job otherwise times some steps in code not yet optimised.
        for (int step = 0; step < WarmUpSteps; step++)
        {
            Step();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _runner.Dispose();

    [Benchmark(Description = "training step")]
    public double Step()
    {
        int seqLength = Configuration.SeqLength;
        int chunks = _layout.StreamLength / seqLength;
        double loss = _runner.TrainChunk(_layout, (int)(_step % chunks) * seqLength, _step);
        GradientClipping.Clip(_runner.Gradients, ClipMode.Value, 5, GradientClipping.Norm(_runner.Gradients));
        _optimizer.Step(_network.Parameters, _runner.Gradients);
        _network.RefreshTransposed();
        _step++;
        return loss;
    }
}
