using BenchmarkDotNet.Attributes;

namespace CharRnn.Benchmarks;

/// <summary>
/// One training step as <c>charrnn train</c> takes it (<see cref="CharRnnTraining"/>) on Tiny Shakespeare, for issue
/// 6's configurations, issue 3's stacked ones and issue 20's one-thread LSTM. The chars/s column is B·T divided by
/// the mean time per step.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CharsPerSecondColumn.Config))]
public class TrainingBenchmarks : TrainingStepBenchmarks
{
    public static IEnumerable<TrainingConfiguration> Configurations => TrainingConfiguration.All;

    [ParamsSource(nameof(Configurations))]
    public TrainingConfiguration Configuration { get; set; } = null!;

    [Benchmark(Description = "training step")]
    public double TrainingStep() => Step();

    private protected override ShakespeareTraining CreateTraining() => new CharRnnTraining(Configuration, seed: 1);
}
