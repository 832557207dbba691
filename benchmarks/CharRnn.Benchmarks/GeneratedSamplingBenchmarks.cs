using CharRnn.Cells;
using BenchmarkDotNet.Attributes;
using CharRnn;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>
/// Characters per second of baked code for each cell at hidden 64 and 256, and 512 and 1024 in the opt-in build
/// (<see cref="BakedSizeModels"/>; one layer, 96 characters, random weights written at build time into obj/size-models
/// by MakeModel), against DynamicSession on the same model file.
/// </summary>
[MemoryDiagnoser]
public class GeneratedSamplingBenchmarks
{
    private const int Characters = 1000;
    private readonly char[] _destination = new char[Characters];
    private GenerateMethod _generate = null!;
    private DynamicModel _dynamic = null!;

    [Params(CellType.Rnn, CellType.Lstm, CellType.Gru)]
    public CellType Cell { get; set; }

    [ParamsSource(nameof(HiddenSizes))]
    public int Hidden { get; set; }

    public static IEnumerable<int> HiddenSizes => BakedSizeModels.HiddenSizes;

    [GlobalSetup]
    public void Setup()
    {
        _generate = BakedSizeModels.All.TryGetValue((Cell, Hidden), out GenerateMethod? generate)
            ? generate
            : throw new ArgumentException($"no baked model for {Cell} at hidden {Hidden}");
        string file = $"{CellCatalog.Name(Cell)}-{Hidden}.charrnn";
        _dynamic = new DynamicModel(ModelFiles.Load(Path.Combine(AppContext.BaseDirectory, "SizeModels", file)));
    }

    [Benchmark(OperationsPerInvoke = Characters, Baseline = true, Description = "generated Generate (per char)")]
    public int Generated() => _generate("", _destination, new SamplingOptions { Seed = 1 });

    [Benchmark(OperationsPerInvoke = Characters, Description = "DynamicSession.Next (per char)")]
    public int Dynamic() => DynamicSampling.Take(_dynamic, Characters);
}
