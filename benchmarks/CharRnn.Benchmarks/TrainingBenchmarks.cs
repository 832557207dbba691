using BenchmarkDotNet.Attributes;
using CharRnn.ModelFormat;
using CharRnn.Training;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;
using CharRnn.Training.Optimizers;

namespace CharRnn.Benchmarks;

/// <summary>
/// One training step (forward, backward over both shards, Adam update) on Tiny Shakespeare, per cell at issue 6's
/// configuration: H=256, T=100, B=32. Characters per second is B·T divided by the time per step.
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private const int BatchSize = 32, SeqLength = 100;
    private RnnNetwork<float> _network = null!;
    private BatchRunner<float> _runner = null!;
    private Optimizer<float> _optimizer = null!;
    private StreamLayout _layout = null!;
    private long _step;

    [Params(CellType.Rnn, CellType.Lstm, CellType.Gru)]
    public CellType Cell { get; set; }

    [Params(1, 2)]
    public int Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/data/tinyshakespeare.txt"));
        TextCorpus corpus = TextCorpus.FromText(CorpusReader.Read(File.Exists(path) ? path : FindCorpus()), "tinyshakespeare");
        _network = new RnnNetwork<float>(Cell, corpus.Vocabulary.Length, 256, Layers);
        _network.Initialize(1);
        _runner = new BatchRunner<float>(_network, BatchSize, SeqLength, seed: 1);
        _optimizer = Optimizer<float>.Create(OptimizerKind.Adam, 2e-3, _network.Parameters.Length);
        _layout = new StreamLayout(corpus.Ids, BatchSize);
    }

    [GlobalCleanup]
    public void Cleanup() => _runner.Dispose();

    [Benchmark(Description = "training step, B=32 T=100 H=256 (3,200 chars)")]
    public double Step()
    {
        int chunks = _layout.StreamLength / SeqLength;
        double loss = _runner.TrainChunk(_layout, (int)(_step % chunks) * SeqLength, _step);
        _optimizer.Step(_network.Parameters, _runner.Gradients);
        _network.RefreshTransposed();
        _step++;
        return loss;
    }

    // BenchmarkDotNet runs the benchmark from its own build folder; walk up to the folder that holds ../shared.
    private static string FindCorpus()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", "data", "tinyshakespeare.txt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tinyshakespeare.txt not found in ../shared/data above the benchmark's folder");
    }
}
