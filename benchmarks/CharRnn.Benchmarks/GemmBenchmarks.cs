using BenchmarkDotNet.Attributes;
using CharRnn.Training.Numerics;

namespace CharRnn.Benchmarks;

/// <summary>
/// The training GEMM on the shapes an LSTM H=256 step runs, one thread: the recurrent product of one step for a
/// shard's 16 streams, and a chunk-wide product (1,600 rows). GFLOP/s = 2·rows·inner·columns / time.
/// </summary>
public class GemmBenchmarks
{
    private float[] _a = null!, _b = null!, _c = null!;

    [Params(16, 1600)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _a = [.. Enumerable.Range(0, Rows * 256).Select(_ => random.NextSingle())];
        _b = [.. Enumerable.Range(0, 256 * 1024).Select(_ => random.NextSingle())];
        _c = new float[Rows * 1024];
    }

    [Benchmark(Description = "C[rows,1024] += A[rows,256]·B[256,1024]")]
    public void MultiplyAdd() => Gemm.MultiplyAdd<float>(_a, _b, _c, Rows, 256, 1024);
}
