using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/CharRnn.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(CharRnn.Benchmarks.SamplingBenchmarks).Assembly).Run(args);
