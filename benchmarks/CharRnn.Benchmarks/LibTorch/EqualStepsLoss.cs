using System.Diagnostics;
using System.Globalization;

namespace CharRnn.Benchmarks;

/// <summary>
/// Issue 20's loss check: CharRnn and libtorch each train every two-thread Adam configuration of
/// <see cref="TrainingConfiguration.All"/> for the same steps from their own initial weights, on the same chunks, and
/// the mean training loss of each window of steps is printed for both, with the difference.
/// </summary>
internal static class EqualStepsLoss
{
    public static void Run(int steps, int window, long seed, TextWriter output)
    {
        output.WriteLine(FormattableString.Invariant(
            $"Mean training loss (nats/char) per {window} steps on Tiny Shakespeare, seed {seed}, {Environment.ProcessorCount} threads"));
        foreach (TrainingConfiguration configuration in LibTorchTrainingBenchmarks.Configurations.Where(c => c.Threads is null))
        {
            (double[] charRnn, double charRnnSeconds) = Train(new CharRnnTraining(configuration, (ulong)seed), steps);
            (double[] libTorch, double libTorchSeconds) = Train(new LibTorchTraining(configuration, seed), steps);
            output.WriteLine();
            output.WriteLine(FormattableString.Invariant(
                $"{configuration.Name}: {steps} steps in {charRnnSeconds:F1} s (CharRnn), {libTorchSeconds:F1} s (libtorch)"));
            output.WriteLine("steps        CharRnn  libtorch  CharRnn - libtorch");
            for (int first = 0; first < steps; first += window)
            {
                int last = Math.Min(first + window, steps);
                double ours = Mean(charRnn, first, last), theirs = Mean(libTorch, first, last);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{first + 1,5}-{last,-5}  {ours,7:F4}  {theirs,8:F4}  {ours - theirs,18:+0.0000;-0.0000}"));
            }
        }
    }

    private static (double[] Losses, double Seconds) Train(ShakespeareTraining training, int steps)
    {
        using (training)
        {
            var losses = new double[steps];
            long start = Stopwatch.GetTimestamp();
            for (int step = 0; step < steps; step++)
            {
                losses[step] = training.Step();
            }

            return (losses, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }

    private static double Mean(double[] values, int first, int last) => values[first..last].Average();
}
