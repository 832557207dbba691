using CharRnn.Tests;
using CharRnn.Training.Corpus;

namespace CharRnn.Benchmarks;

/// <summary>
/// Training steps on Tiny Shakespeare in char-rnn's stream layout, the same for every library timed: step n trains on
/// chunk n (wrapping at the end of the streams), and the hidden state carries from chunk to chunk (truncated
/// backpropagation through time).
/// </summary>
internal abstract class ShakespeareTraining(TrainingConfiguration configuration) : IDisposable
{
    private long _step;

    public TrainingConfiguration Configuration { get; } = configuration;

    /// <summary>The text as character ids, and its vocabulary.</summary>
    protected TextCorpus Corpus { get; } = TextCorpus.FromText(CorpusReader.Read(Repository.Shakespeare), "tinyshakespeare");

    protected StreamLayout Layout => field ??= new StreamLayout(Corpus.Ids, Configuration.BatchSize);

    /// <summary>Takes the next step and returns its mean loss in nats per character.</summary>
    public double Step()
    {
        int seqLength = Configuration.SeqLength;
        int chunks = Layout.StreamLength / seqLength;
        double loss = TrainChunk((int)(_step % chunks) * seqLength, _step);
        _step++;
        return loss;
    }

    public abstract void Dispose();

    /// <summary>Forward, backward, clipping and the optimizer's update over the chunk at <paramref name="position"/>.</summary>
    protected abstract double TrainChunk(int position, long step);
}
