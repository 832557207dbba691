using CharRnn.Training;
using CharRnn.Training.Cells;
using CharRnn.Training.Optimizers;

namespace CharRnn.Benchmarks;

/// <summary>
/// A training step as <c>charrnn train</c> takes it: forward and backward over its default shards, the gradient norm,
/// clipping by value at 5, the optimizer's update, the weights repacked. No dropout and no stream resets.
/// </summary>
internal sealed class CharRnnTraining : ShakespeareTraining
{
    private readonly RnnNetwork<float> _network;
    private readonly BatchRunner<float> _runner;
    private readonly Optimizer<float> _optimizer;

    /// <param name="shards">The shards the batch is split into: they fix the order of the gradient's sums.</param>
    public CharRnnTraining(TrainingConfiguration configuration, ulong seed, int shards = TrainingOptions.DefaultShardCount)
        : base(configuration)
    {
        TrainingConfiguration c = configuration;
        _network = new RnnNetwork<float>(c.Cell, Corpus.Vocabulary.Length, c.Hidden, c.Layers);
        _network.Initialize(seed);
        _runner = new BatchRunner<float>(_network, c.BatchSize, c.SeqLength, seed, shards: shards,
            threads: c.Threads);
        _optimizer = Optimizer<float>.Create(c.Optimizer, Optimizer<float>.DefaultLearningRate(c.Optimizer), _network.Parameters.Length);
    }

    /// <summary>The weights being trained.</summary>
    public RnnNetwork<float> Network => _network;

    public override void Dispose() => _runner.Dispose();

    protected override double TrainChunk(int position, long step)
    {
        double loss = _runner.TrainChunk(Layout, position, step);
        GradientClipping.Clip(_runner.Gradients, ClipMode.Value, TrainingConfiguration.Clip, GradientClipping.Norm(_runner.Gradients));
        _optimizer.Step(_network.Parameters, _runner.Gradients);
        _network.RefreshTransposed();
        return loss;
    }
}
