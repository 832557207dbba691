using System.Diagnostics;
using System.Globalization;
using CharRnn.Training;

namespace CharRnn.Benchmarks;

/// <summary>
/// Issue 20's loss check: CharRnn and libtorch each train every two-thread Adam configuration of
/// <see cref="TrainingConfiguration.All"/> for the same steps from their own initial weights (or both from CharRnn's),
/// on the same chunks, and the mean training loss of each window of steps is printed for both, with the difference.
/// Over several seeds a summary follows: each seed's difference in the last window, and their mean.
/// </summary>
internal static class EqualStepsLoss
{
    // The control's shard count: another order of the same sums than the default's.
    private const int ReorderedShards = TrainingOptions.DefaultShardCount / 2;

    public static void Run(EqualStepsOptions options, TextWriter output)
    {
        TrainingConfiguration[] configurations = [.. LibTorchTrainingBenchmarks.Configurations
            .Where(c => c.Threads is null && (options.Only is null || c.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase)))];
        var lastWindows = configurations.ToDictionary(c => c, _ => new List<LastWindow>());
        for (long seed = options.FirstSeed; seed <= options.LastSeed; seed++)
        {
            string start = options.SameInitialWeights ? "both from CharRnn's initial weights" : "each from its own initial weights";
            output.WriteLine(FormattableString.Invariant(
                $"Mean training loss (nats/char) per {options.Window} steps on Tiny Shakespeare, seed {seed}, {Environment.ProcessorCount} threads, {start}"));
            foreach (TrainingConfiguration configuration in configurations)
            {
                lastWindows[configuration].Add(Compare(configuration, seed, options, output));
            }

            output.WriteLine();
        }

        if (options.FirstSeed < options.LastSeed)
        {
            WriteSummary(lastWindows, options, output);
        }
    }

    private static LastWindow Compare(TrainingConfiguration configuration, long seed, EqualStepsOptions options, TextWriter output)
    {
        (int steps, int window) = (options.Steps, options.Window);
        var ours = new CharRnnTraining(configuration, (ulong)seed);
        var theirs = new LibTorchTraining(configuration, seed);
        if (options.SameInitialWeights)
        {
            theirs.CopyWeightsFrom(ours.Network);
        }

        (double[] charRnn, double charRnnSeconds) = Train(ours, steps);
        (double[] libTorch, double libTorchSeconds) = Train(theirs, steps);
        double[]? reordered = options.Reorder ? Train(new CharRnnTraining(configuration, (ulong)seed, ReorderedShards), steps).Losses : null;
        output.WriteLine();
        output.WriteLine(FormattableString.Invariant(
            $"{configuration.Name}: {steps} steps in {charRnnSeconds:F1} s (CharRnn), {libTorchSeconds:F1} s (libtorch)"));
        output.WriteLine("steps        CharRnn  libtorch  CharRnn - libtorch" + (reordered is null ? "" : $"  CharRnn - CharRnn at {ReorderedShards} shards"));
        for (int first = 0; first < steps; first += window)
        {
            int last = Math.Min(first + window, steps);
            double ourLoss = Mean(charRnn, first, last), theirLoss = Mean(libTorch, first, last);
            string control = reordered is null ? "" : string.Create(CultureInfo.InvariantCulture, $"  {Signed(ourLoss - Mean(reordered, first, last)),31}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{first + 1,5}-{last,-5}  {ourLoss,7:F4}  {theirLoss,8:F4}  {Signed(ourLoss - theirLoss),18}{control}"));
        }

        int lastFirst = (steps - 1) / window * window;
        return new LastWindow(Mean(charRnn, lastFirst, steps) - Mean(libTorch, lastFirst, steps),
            reordered is null ? null : Mean(charRnn, lastFirst, steps) - Mean(reordered, lastFirst, steps));
    }

    private static void WriteSummary(Dictionary<TrainingConfiguration, List<LastWindow>> lastWindows, EqualStepsOptions options, TextWriter output)
    {
        int lastFirst = (options.Steps - 1) / options.Window * options.Window;
        string control = options.Reorder ? $"; the control (CharRnn - CharRnn at {ReorderedShards} shards) as its mean and its mean absolute value" : "";
        output.WriteLine(FormattableString.Invariant(
            $"Steps {lastFirst + 1}-{options.Steps}, seeds {options.FirstSeed}-{options.LastSeed}: CharRnn - libtorch per seed, then the mean{control}"));
        foreach ((TrainingConfiguration configuration, List<LastWindow> windows) in lastWindows)
        {
            string perSeed = string.Join(" ", windows.Select(w => Signed(w.ToLibTorch)));
            string controls = options.Reorder
                ? FormattableString.Invariant($"; control {Signed(windows.Average(w => w.ToReordered!.Value))}, |control| {windows.Average(w => Math.Abs(w.ToReordered!.Value)):0.0000}")
                : "";
            output.WriteLine(FormattableString.Invariant(
                $"{configuration.Name}: {perSeed}; mean {Signed(windows.Average(w => w.ToLibTorch))}{controls}"));
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

    // A difference with its sign, to four decimals; one that rounds to zero is +0.0000, never -0.0000.
    private static string Signed(double difference) =>
        (Math.Round(difference, 4) + 0.0).ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture);

    // One seed's difference in the last window of steps, from libtorch and (with --reorder) from the control.
    private sealed record LastWindow(double ToLibTorch, double? ToReordered);
}
