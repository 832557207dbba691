using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.NativeAot;

namespace CharRnn.Benchmarks;

/// <summary>
/// The jobs that time the sampling benchmarks at every vector width and build (issue 17), chosen on the command line
/// with <c>--widths</c> followed by names, comma-separated, or <c>all</c> (what this host can run):
/// <list type="bullet">
/// <item><c>jit128</c>: the JIT with <c>DOTNET_PreferredVectorBitWidth=128</c> (<see cref="Vector{T}"/> of 4 floats, arm64's width).</item>
/// <item><c>jit256</c>: the JIT as it starts by default on an AVX2 host (8 floats).</item>
/// <item><c>jit512</c>: the JIT with <c>DOTNET_MaxVectorTBitWidth=512</c> (16 floats; hosts with AVX-512F only).</item>
/// <item><c>aot</c>: NativeAOT published with no instruction-set option (the x64 baseline, 4 floats).</item>
/// <item><c>aot-v3</c>: NativeAOT with <c>IlcInstructionSet=x86-64-v3</c> (8 floats).</item>
/// </list>
/// A job's id names its width (JIT-128bit, …, AOT-256bit-v3) and it tells its process the width it expects;
/// <see cref="CheckAndReport"/> fails the job if the process's kernels run at another, and logs the CPU and the widths
/// in force. The C reference and the weight read follow the width (<see cref="NativeReference"/>: the C library built
/// for it), so every job compares its peers at one width.
/// </summary>
public static class VectorJobs
{
    private const string ExpectedBitsVariable = "CHARRNN_BENCHMARK_VECTOR_BITS";

    // Modest counts, so all five jobs of a short filter of the two sampling classes fit in about 20 minutes.
    private static readonly Job Base = new Job().WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5);

    private static readonly bool IsX64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>Every job by its <c>--widths</c> name, with whether this host can run it.</summary>
    private static readonly (string Name, bool Runs, Func<Job> Create)[] All =
    [
        ("jit128", true, () => Jit("JIT-128bit", 128).WithEnvironmentVariable("DOTNET_PreferredVectorBitWidth", "128")),
        ("jit256", IsX64 && Avx2.IsSupported, () => Jit("JIT-256bit", 256)),
        ("jit512", Avx512F.IsSupported, () => Jit("JIT-512bit", 512).WithEnvironmentVariable("DOTNET_MaxVectorTBitWidth", "512")),
        ("aot", true, () => NativeAot("AOT-128bit", 128, "NativeAOT", instructionSet: "")),
        ("aot-v3", IsX64 && Avx2.IsSupported, () => NativeAot("AOT-256bit-v3", 256, "NativeAOT x86-64-v3", instructionSet: "x86-64-v3")),
    ];

    /// <summary>
    /// Takes <c>--widths NAMES</c> out of the arguments: the rest for BenchmarkSwitcher, and a config with those jobs
    /// (null when the switch is absent: BenchmarkDotNet's own <c>--job</c> then applies).
    /// </summary>
    public static (string[] Arguments, IConfig? Config) FromArguments(string[] args)
    {
        int at = Array.IndexOf(args, "--widths");
        if (at < 0)
        {
            return (args, null);
        }

        if (at + 1 >= args.Length)
        {
            throw new ArgumentException($"--widths takes {string.Join(", ", All.Select(job => job.Name))} or all, comma-separated.");
        }

        string[] names = args[at + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // A NativeAOT publish of this project takes minutes on a loaded 2-core machine: past the default 5.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(30));
        foreach (var (name, runs, create) in All)
        {
            if (names.Contains("all") ? runs : names.Contains(name))
            {
                config.AddJob(create());
            }
        }

        string[] unknown = [.. names.Where(name => name != "all" && !All.Any(job => job.Name == name))];
        if (unknown.Length > 0 || !config.GetJobs().Any())
        {
            throw new ArgumentException($"--widths {args[at + 1]}: choose from {string.Join(", ", All.Select(job => job.Name))} or all.");
        }

        return ([.. args[..at], .. args[(at + 2)..]], config);
    }

    /// <summary>
    /// Called by the benchmarks' setup: logs the CPU and the vector widths in force in this process, and throws if
    /// its job expected another width than its kernels use.
    /// </summary>
    public static void CheckAndReport()
    {
        Console.WriteLine($"// CharRnn vectors: CPU {CpuModel()}; Vector<float>.Count {Vector<float>.Count} " +
            $"({NativeReference.VectorBits} bits); IsHardwareAccelerated Vector128 {Vector128.IsHardwareAccelerated}, " +
            $"Vector256 {Vector256.IsHardwareAccelerated}, Vector512 {Vector512.IsHardwareAccelerated}; " +
            $"NativeAOT {!RuntimeFeature.IsDynamicCodeSupported}; C reference {NativeReference.Build(NativeReference.VectorBits)}");
        if (Environment.GetEnvironmentVariable(ExpectedBitsVariable) is { } expected
            && expected != NativeReference.VectorBits.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"The job expects {expected}-bit vectors; this process's kernels use {NativeReference.VectorBits}.");
        }
    }

    private static Job Jit(string id, int bits) => Base.WithId(id).WithRuntime(CoreRuntime.Core10_0)
        .WithEnvironmentVariable(ExpectedBitsVariable, Bits(bits));

    private static Job NativeAot(string id, int bits, string toolchain, string instructionSet) => Base.WithId(id)
        .WithEnvironmentVariable(ExpectedBitsVariable, Bits(bits))
        .WithRuntime(NativeAotRuntime.Net10_0)
        .WithToolchain(NativeAotToolchain.CreateBuilder()
            .UseNuGet("", "https://api.nuget.org/v3/index.json") // "": the SDK's own ILCompiler, from the usual feed
            .IlcInstructionSet(instructionSet) // "": no IlcInstructionSet at all (BenchmarkDotNet's default is native)
            .TargetFrameworkMoniker("net10.0")
            .DisplayName(toolchain)
            .ToToolchain());

    private static string Bits(int bits) => bits.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The first processor's model name, family and model from /proc/cpuinfo (the family tells AMD's Zen generations apart).</summary>
    private static string CpuModel()
    {
        string[] lines = File.Exists("/proc/cpuinfo") ? [.. File.ReadLines("/proc/cpuinfo").TakeWhile(line => line.Length > 0)] : [];
        string Field(string name) => lines.FirstOrDefault(line => line.StartsWith(name + "\t", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() : "?";
        return $"{Field("model name")} (family {Field("cpu family")}, model {Field("model")}; {RuntimeInformation.ProcessArchitecture}, " +
            $"{Environment.ProcessorCount} logical cores)";
    }
}
