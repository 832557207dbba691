using BenchmarkDotNet.Attributes;

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
        ModelFile model = RandomModels.Create(Cell, Hidden);
        _model = new DynamicModel(model);
        _weightRead = new WeightRead(Cell, Hidden, model.VocabularySize);
    }

    [GlobalCleanup]
    public void Cleanup() => _weightRead.Dispose();

    [Benchmark(Baseline = true, Description = "bound: one read of a step's weight bytes at the job's width (per char)")]
    public float ReadWeights() => _weightRead.Read();

    [Benchmark(OperationsPerInvoke = Characters, Description = "DynamicSession.Next (per char)")]
    public int Next() => DynamicSampling.Take(_model, Characters);
}
