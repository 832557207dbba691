using BenchmarkDotNet.Attributes;
using CharRnn.Training.Optimizers;

namespace CharRnn.Benchmarks;

/// <summary>
/// <see cref="TrainingBenchmarks"/>' libtorch peer (<see cref="LibTorchTraining"/>) at its Adam configurations. A filter
/// of <c>*TrainingBenchmarks*</c> times both in one run, with the same job settings.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CharsPerSecondColumn.Config))]
public class LibTorchTrainingBenchmarks : TrainingStepBenchmarks
{
    public static IEnumerable<TrainingConfiguration> Configurations =>
        TrainingConfiguration.All.Where(configuration => configuration.Optimizer == OptimizerKind.Adam);

    [ParamsSource(nameof(Configurations))]
    public TrainingConfiguration Configuration { get; set; } = null!;

    [Benchmark(Description = "libtorch training step")]
    public double TrainingStep() => Step();

    private protected override ShakespeareTraining CreateTraining() => new LibTorchTraining(Configuration, seed: 1);
}
