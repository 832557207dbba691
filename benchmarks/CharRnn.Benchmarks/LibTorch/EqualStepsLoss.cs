using System.Diagnostics;
using System.Globalization;

namespace CharRnn.Benchmarks;

/// <summary>
/// Issue 20's loss check: CharRnn and libtorch each train every two-thread Adam configuration of
/// <see cref="TrainingConfiguration.All"/> for the same steps from their own initial weights (or both from CharRnn's),
/// on the same chunks, and the mean training loss of each window of steps is printed for both, with the difference.
/// </summary>
internal static class EqualStepsLoss
{
    public static void Run(EqualStepsOptions options, TextWriter output)
    {
        (int steps, int window, long seed) = (options.Steps, options.Window, options.Seed);
        string start = options.SameInitialWeights ? "both from CharRnn's initial weights" : "each from its own initial weights";
        output.WriteLine(FormattableString.Invariant(
            $"Mean training loss (nats/char) per {window} steps on Tiny Shakespeare, seed {seed}, {Environment.ProcessorCount} threads, {start}"));
        foreach (TrainingConfiguration configuration in LibTorchTrainingBenchmarks.Configurations.Where(c => c.Threads is null))
        {
            var ours = new CharRnnTraining(configuration, (ulong)seed);
            var theirs = new LibTorchTraining(configuration, seed);
            if (options.SameInitialWeights)
            {
                theirs.CopyWeightsFrom(ours.Network);
            }

            (double[] charRnn, double charRnnSeconds) = Train(ours, steps);
            (double[] libTorch, double libTorchSeconds) = Train(theirs, steps);
            output.WriteLine();
            output.WriteLine(FormattableString.Invariant(
                $"{configuration.Name}: {steps} steps in {charRnnSeconds:F1} s (CharRnn), {libTorchSeconds:F1} s (libtorch)"));
            output.WriteLine("steps        CharRnn  libtorch  CharRnn - libtorch");
            for (int first = 0; first < steps; first += window)
            {
                int last = Math.Min(first + window, steps);
                double ourLoss = Mean(charRnn, first, last), theirLoss = Mean(libTorch, first, last);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{first + 1,5}-{last,-5}  {ourLoss,7:F4}  {theirLoss,8:F4}  {ourLoss - theirLoss,18:+0.0000;-0.0000}"));
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
