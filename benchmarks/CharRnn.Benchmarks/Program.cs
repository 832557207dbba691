using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/CharRnn.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
