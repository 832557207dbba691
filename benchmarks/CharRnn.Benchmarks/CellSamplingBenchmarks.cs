using BenchmarkDotNet.Attributes;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>
/// Characters per second of each cell at hidden sizes 64 to 1024 (65 characters, one layer), through DynamicSession:
/// the step kernels generated code calls too. Random weights: the cost does not depend on them.
/// </summary>
[MemoryDiagnoser]
public class CellSamplingBenchmarks
{
    private const int Characters = 1000;
    private DynamicModel _model = null!;

    [Params(CellType.Rnn, CellType.Lstm, CellType.Gru)]
    public CellType Cell { get; set; }

    [Params(64, 256, 512, 1024)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int[] vocabulary = [10, .. Enumerable.Range(32, 64)];
        var random = new Random(1);
        var weights = new float[ModelSchema.ParameterCount(Cell, 1, Hidden, vocabulary.Length)];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (random.NextSingle() - 0.5f) * 0.2f;
        }

        _model = new DynamicModel(new ModelFile(Cell, 1, Hidden, vocabulary, weights, new TrainingFacts("random", 0, 0, 0, 1)));
    }

    [Benchmark(OperationsPerInvoke = Characters, Description = "DynamicSession.Next (per char)")]
    public int Next() => DynamicSampling.Take(_model, Characters);
}
