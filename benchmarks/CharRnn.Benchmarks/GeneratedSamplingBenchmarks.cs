using BenchmarkDotNet.Attributes;
using CharRnn;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>
/// Characters per second of baked code for each cell at hidden 64 and 256 (one layer, 96 characters, random weights
/// written at build time into obj/size-models by MakeModel), against DynamicSession on the same model file.
/// </summary>
[MemoryDiagnoser]
public class GeneratedSamplingBenchmarks
{
    private const int Characters = 1000;
    private readonly char[] _destination = new char[Characters];
    private GenerateMethod _generate = null!;
    private DynamicModel _dynamic = null!;

    private delegate int GenerateMethod(ReadOnlySpan<char> prompt, Span<char> destination, SamplingOptions options);

    [Params(CellType.Rnn, CellType.Lstm, CellType.Gru)]
    public CellType Cell { get; set; }

    [Params(64, 256)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _generate = (Cell, Hidden) switch
        {
            (CellType.Rnn, 64) => Rnn64.Generate,
            (CellType.Lstm, 64) => Lstm64.Generate,
            (CellType.Gru, 64) => Gru64.Generate,
            (CellType.Rnn, 256) => Rnn256.Generate,
            (CellType.Lstm, 256) => Lstm256.Generate,
            (CellType.Gru, 256) => Gru256.Generate,
            _ => throw new ArgumentException($"no baked model for {Cell} at hidden {Hidden}"),
        };
        string file = $"{CellNames.ToText(Cell)}-{Hidden}.charrnn";
        _dynamic = new DynamicModel(ModelFiles.Load(Path.Combine(AppContext.BaseDirectory, "SizeModels", file)));
    }

    [Benchmark(OperationsPerInvoke = Characters, Baseline = true, Description = "generated Generate (per char)")]
    public int Generated() => _generate("", _destination, new SamplingOptions { Seed = 1 });

    [Benchmark(OperationsPerInvoke = Characters, Description = "DynamicSession.Next (per char)")]
    public int Dynamic() => DynamicSampling.Take(_dynamic, Characters);
}

[CharRnnModel("size-models/rnn-64.charrnn")]
internal static partial class Rnn64;

[CharRnnModel("size-models/lstm-64.charrnn")]
internal static partial class Lstm64;

[CharRnnModel("size-models/gru-64.charrnn")]
internal static partial class Gru64;

[CharRnnModel("size-models/rnn-256.charrnn")]
internal static partial class Rnn256;

[CharRnnModel("size-models/lstm-256.charrnn")]
internal static partial class Lstm256;

[CharRnnModel("size-models/gru-256.charrnn")]
internal static partial class Gru256;
