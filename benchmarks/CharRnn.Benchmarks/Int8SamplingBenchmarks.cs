using BenchmarkDotNet.Attributes;

namespace CharRnn.Benchmarks;

/// <summary>
/// Characters per second of each cell, float32 against int8, at hidden 64 to 1024 (65 characters, one layer, random
/// weights), through DynamicSession (the steps generated code calls), each beside one read of its format's weight
/// bytes. The float32 step is the Ratio column's baseline.
/// </summary>
[MemoryDiagnoser]
public class Int8SamplingBenchmarks
{
    private const int Characters = 1000;
    private DynamicModel _float = null!;
    private DynamicModel _int8 = null!;
    private WeightRead _floatRead = null!;
    private WeightRead _int8Read = null!;

    [Params(CellType.Rnn, CellType.Lstm, CellType.Gru)]
    public CellType Cell { get; set; }

    [Params(64, 256, 512, 1024)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        VectorJobs.CheckAndReport();
        ModelFile model = RandomModels.Create(Cell, Hidden);
        _float = new DynamicModel(model);
        _int8 = new DynamicModel(model.QuantizeInt8());
        _floatRead = new WeightRead(Cell, Hidden, model.VocabularySize);
        _int8Read = WeightRead.Int8(Cell, Hidden, model.VocabularySize);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _floatRead.Dispose();
        _int8Read.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Characters, Description = "float32 DynamicSession.Next (per char)")]
    public int Float() => DynamicSampling.Take(_float, Characters);

    [Benchmark(OperationsPerInvoke = Characters, Description = "int8 DynamicSession.Next (per char)")]
    public int Int8() => DynamicSampling.Take(_int8, Characters);

    [Benchmark(Description = "bound: one read of the float32 weight bytes (per char)")]
    public float ReadFloat() => _floatRead.Read();

    [Benchmark(Description = "bound: one read of the int8 weight bytes (per char)")]
    public float ReadInt8() => _int8Read.Read();
}
