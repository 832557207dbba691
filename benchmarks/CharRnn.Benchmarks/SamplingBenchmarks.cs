using BenchmarkDotNet.Attributes;
using CharRnn;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>
/// Characters per second of a vanilla RNN trained on Tiny Shakespeare (hidden 256, 65 characters): baked by the
/// generator (also as int8), loaded at run time, the C reference (benchmarks/native) on the same weights, which is the baseline
/// of the Ratio column, and ONNX Runtime running the step as a graph (<see cref="OnnxRnnSampler"/>, checked against
/// CharRnn in the setup by <see cref="OnnxRnnAgreement"/>); beside them the bounds: the C step's matrix products alone, and one read of the step's weight
/// bytes at the measured cache bandwidth.
/// </summary>
[MemoryDiagnoser]
public class SamplingBenchmarks
{
    private const int Characters = 1000;
    private readonly char[] _destination = new char[2 * Characters];
    private DynamicModel _dynamic = null!;
    private NativeReference _native = null!;
    private NativeReference _nativeProducts = null!;
    private WeightRead _weightRead = null!;
    private WeightRead _int8WeightRead = null!;
    private OnnxRnnSampler _onnx = null!;
    private OnnxRnnSampler _onnxTwoThreads = null!;

    [GlobalSetup]
    public void Setup()
    {
        VectorJobs.CheckAndReport();
        ModelFile file = ModelFiles.Load(Path.Combine(AppContext.BaseDirectory, "Models", "shakespeare-rnn-256.charrnn"));
        _dynamic = new DynamicModel(file);
        _native = new NativeReference(file, seed: 1);
        _nativeProducts = new NativeReference(file, seed: 1);
        _weightRead = new WeightRead(file.Cell, file.HiddenSize, file.VocabularySize);
        _int8WeightRead = WeightRead.Int8(file.Cell, file.HiddenSize, file.VocabularySize);
        _onnx = new OnnxRnnSampler(file, new SamplingOptions { Seed = 1 }, threads: 1);
        _onnxTwoThreads = new OnnxRnnSampler(file, new SamplingOptions { Seed = 1 }, threads: 2);
        OnnxRnnAgreement.Verify(file, _dynamic, _onnx, Characters);
        OnnxRnnAgreement.Verify(file, _dynamic, _onnxTwoThreads, Characters);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _native.Dispose();
        _nativeProducts.Dispose();
        _weightRead.Dispose();
        _int8WeightRead.Dispose();
        _onnx.Dispose();
        _onnxTwoThreads.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Characters, Baseline = true, Description = "C reference at the job's width, libm (per char)")]
    public int NativeNext()
    {
        int sum = 0;
        for (int i = 0; i < Characters; i++)
        {
            sum += _native.Next(1f);
        }

        return sum;
    }

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

    [Benchmark(OperationsPerInvoke = Characters, Description = "generated int8 Generate (per char)")]
    public int GeneratedInt8Generate() => ShakespeareInt8.Generate("", _destination.AsSpan(0, Characters), new SamplingOptions { Seed = 1 });

    [Benchmark(OperationsPerInvoke = Characters, Description = "generated int8 Generate, AlignInt8Weights (per char)")]
    public int GeneratedInt8AlignedGenerate() =>
        ShakespeareInt8Aligned.Generate("", _destination.AsSpan(0, Characters), new SamplingOptions { Seed = 1 });

    [Benchmark(OperationsPerInvoke = Characters, Description = "DynamicSession.Next, charrnn sample's path (per char)")]
    public int Dynamic() => DynamicSampling.Take(_dynamic, Characters);

    [Benchmark(OperationsPerInvoke = Characters, Description = "ONNX Runtime 1.31.1, 1 thread (per char)")]
    public int OnnxRuntime() => OnnxSampling(_onnx);

    [Benchmark(OperationsPerInvoke = Characters, Description = "ONNX Runtime 1.31.1, 2 intra-op threads (per char)")]
    public int OnnxRuntimeTwoThreads() => OnnxSampling(_onnxTwoThreads);

    [Benchmark(OperationsPerInvoke = Characters, Description = "bound: C matrix products alone (per char)")]
    public int NativeProductsOnly()
    {
        int sum = 0;
        for (int i = 0; i < Characters; i++)
        {
            sum += _nativeProducts.ProductsOnly();
        }

        return sum;
    }

    [Benchmark(Description = "bound: one read of a step's weight bytes at the job's width (per char)")]
    public float ReadWeights() => _weightRead.Read();

    [Benchmark(Description = "bound: one read of the int8 step's weight bytes at the job's width (per char)")]
    public float ReadInt8Weights() => _int8WeightRead.Read();

    // Like a new session per 1,000 characters, as the generated benchmarks do; Reset allocates nothing.
    private static int OnnxSampling(OnnxRnnSampler sampler)
    {
        sampler.Reset();
        int sum = 0;
        for (int i = 0; i < Characters; i++)
        {
            sum += sampler.Next().Value;
        }

        return sum;
    }
}

/// <summary>The vanilla RNN 1×256 of Models/shakespeare-rnn-256.charrnn baked into the benchmark assembly.</summary>
[CharRnnModel("Models/shakespeare-rnn-256.charrnn")]
internal static partial class Shakespeare;

/// <summary>The same model quantized (<c>charrnn quantize</c>), Models/shakespeare-rnn-256.int8.charrnn, baked.</summary>
[CharRnnModel("Models/shakespeare-rnn-256.int8.charrnn")]
internal static partial class ShakespeareInt8;

/// <summary>The int8 model again (a copy the build makes in obj/aligned), its values copied to aligned memory.</summary>
[CharRnnModel("aligned/shakespeare-rnn-256.int8.charrnn", AlignInt8Weights = true)]
internal static partial class ShakespeareInt8Aligned;
