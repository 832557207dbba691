using BenchmarkDotNet.Running;
using CharRnn.Benchmarks;

// dotnet run -c Release --project benchmarks/CharRnn.Benchmarks -- --filter '*'
// At every vector width and build instead of BenchmarkDotNet's --job (VectorJobs.cs):
//   ... -- --widths all --filter '*.SamplingBenchmarks*' '*.CellSamplingBenchmarks*'
// The loss after equal steps beside libtorch (EqualStepsCommand.cs; needs CharRnnLibTorchPeer=true):
//   ... -- --equal-steps 300
if (EqualStepsCommand.TryRun(args) is { } exitCode)
{
    return exitCode;
}

(string[] rest, var config) = VectorJobs.FromArguments(args);
BenchmarkSwitcher.FromAssembly(typeof(SamplingBenchmarks).Assembly).Run(rest, config);
return 0;
