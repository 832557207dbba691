using BenchmarkDotNet.Attributes;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>
/// Characters per second of each cell at hidden sizes 64 and 256, optionally up to 1024 (65 characters, one layer), through DynamicSession:
/// the step kernels generated code calls too, beside the bound: one read of the bytes of weights a step reads
/// (<see cref="WeightRead"/>), the Ratio column's baseline. Random weights: the cost does not depend on them.
/// </summary>
[MemoryDiagnoser]
public class CellSamplingBenchmarks
{
    private const int Characters = 1000;
    private DynamicModel _model = null!;
    private WeightRead _weightRead = null!;

    [Params(CellType.Rnn, CellType.Lstm, CellType.Gru)]
    public CellType Cell { get; set; }

    [ParamsSource(nameof(HiddenSizes))]
    public int Hidden { get; set; }

    /// <summary>
    /// 64 and 256 (in L2 on the hosts measured); 512 and 1024 as well (past L2) when the environment variable
    /// CHARRNN_LARGE_CELLS is 1, since they double the run's length.
    /// </summary>
    public static IEnumerable<int> HiddenSizes =>
        Environment.GetEnvironmentVariable("CHARRNN_LARGE_CELLS") == "1" ? [64, 256, 512, 1024] : [64, 256];

    [GlobalSetup]
    public void Setup()
    {
        VectorJobs.CheckAndReport();
        int[] vocabulary = [10, .. Enumerable.Range(32, 64)];
        var random = new Random(1);
        var weights = new float[ModelSchema.ParameterCount(Cell, 1, Hidden, vocabulary.Length)];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (random.NextSingle() - 0.5f) * 0.2f;
        }

        _model = new DynamicModel(new ModelFile(Cell, 1, Hidden, vocabulary, weights, new TrainingFacts("random", 0, 0, 0, 1)));
        _weightRead = new WeightRead(Cell, Hidden, vocabulary.Length);
    }

    [GlobalCleanup]
    public void Cleanup() => _weightRead.Dispose();

    [Benchmark(Baseline = true, Description = "bound: one read of a step's weight bytes at the job's width (per char)")]
    public float ReadWeights() => _weightRead.Read();

    [Benchmark(OperationsPerInvoke = Characters, Description = "DynamicSession.Next (per char)")]
    public int Next() => DynamicSampling.Take(_model, Characters);
}
