using BenchmarkDotNet.Attributes;

namespace CharRnn.Benchmarks;

/// <summary>What the training benchmarks share: a <see cref="ShakespeareTraining"/> per configuration, warmed up.</summary>
public abstract class TrainingStepBenchmarks
{
    // Steps taken in the setup: enough for every method of a step to be called 30 times and recompiled.
    private const int WarmUpSteps = 60;

    private ShakespeareTraining _training = null!;

    [GlobalSetup]
    public void Setup()
    {
        _training = CreateTraining();
        // Past the runtime's tier-up before BenchmarkDotNet's few warm-up steps: under chrt -f 50 the shard threads
        // hold the cores at real-time priority, and the background compiler (inheriting it) only runs while a shard
        // waits at the barrier, so a short job otherwise times some steps in code not yet optimised.
        for (int step = 0; step < WarmUpSteps; step++)
        {
            _training.Step();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _training.Dispose();

    /// <summary>Takes the next training step; the benchmark each class times.</summary>
    protected double Step() => _training.Step();

    private protected abstract ShakespeareTraining CreateTraining();
}
