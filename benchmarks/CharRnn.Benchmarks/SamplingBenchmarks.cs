using BenchmarkDotNet.Attributes;
using CharRnn;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>Characters per second of the ConsoleSampler's model: baked by the generator, and loaded at run time.</summary>
[MemoryDiagnoser]
public class SamplingBenchmarks
{
    private const int Characters = 1000;
    private readonly char[] _destination = new char[2 * Characters];
    private DynamicModel _dynamic = null!;

    [GlobalSetup]
    public void Setup() =>
        _dynamic = new DynamicModel(ModelFiles.Load(Path.Combine(AppContext.BaseDirectory, "Models", "shakespeare.charrnn")));

    [Benchmark(OperationsPerInvoke = Characters, Description = "generated Session.Next (per char)")]
    public int Generated()
    {
        var session = new Shakespeare.Session(new SamplingOptions { Seed = 1 });
        int sum = 0;
        for (int i = 0; i < Characters; i++)
        {
            sum += session.Next().Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Characters, Description = "generated Generate (per char)")]
    public int GeneratedGenerate() => Shakespeare.Generate("", _destination.AsSpan(0, Characters), new SamplingOptions { Seed = 1 });

    [Benchmark(OperationsPerInvoke = Characters, Description = "DynamicSession.Next, charrnn sample's path (per char)")]
    public int Dynamic() => DynamicSampling.Take(_dynamic, Characters);
}

/// <summary>The ConsoleSampler's model baked into the benchmark assembly.</summary>
[CharRnnModel("Models/shakespeare.charrnn")]
internal static partial class Shakespeare;
