using System.Globalization;

namespace CharRnn.Benchmarks;

/// <summary>
/// <c>--equal-steps N [--every K] [--seed S | --seeds A-B] [--same-init] [--reorder] [--only TEXT]</c>: the loss
/// comparison with the libtorch peer (EqualStepsLoss, in builds with <c>CharRnnLibTorchPeer=true</c>) instead of
/// BenchmarkDotNet.
/// </summary>
internal static class EqualStepsCommand
{
    private const string Switch = "--equal-steps";
    private const string SameInit = "--same-init";
    private const string Reorder = "--reorder";

    /// <summary>Runs the comparison when the arguments ask for it and returns its exit code; null when they do not.</summary>
    public static int? TryRun(string[] args)
    {
        if (!args.Contains(Switch))
        {
            return null;
        }

        if (Parse(args) is not { } options)
        {
            return 2;
        }

#if LIBTORCH
        EqualStepsLoss.Run(options, Console.Out);
        return 0;
#else
        _ = options;
        Console.Error.WriteLine($"{Switch} trains the libtorch peer, which this build leaves out: set CharRnnLibTorchPeer=true in the environment and build again (docs/performance.md).");
        return 2;
#endif
    }

    // The options, or null after one line on standard error naming the bad argument.
    private static EqualStepsOptions? Parse(string[] args)
    {
        int steps = 0, window = 50;
        long firstSeed = 1;
        long? lastSeed = null; // --seed S is the seeds S-S
        bool sameInit = false, reorder = false;
        string? only = null;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is SameInit or Reorder)
            {
                (sameInit, reorder) = (sameInit || name == SameInit, reorder || name == Reorder);
                continue;
            }

            string? value = ++i < args.Length ? args[i] : null;
            bool parsed = name switch
            {
                Switch => TryParseCount(value, out steps),
                "--every" => TryParseCount(value, out window),
                "--seed" => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out firstSeed),
                "--seeds" => TryParseSeeds(value, out firstSeed, out lastSeed),
                "--only" => !string.IsNullOrWhiteSpace(only = value),
                _ => false,
            };
            if (!parsed)
            {
                Console.Error.WriteLine(name switch
                {
                    Switch or "--every" => $"{name} {value ?? "(nothing)"}: give a whole number above 0.",
                    "--seed" => $"--seed {value ?? "(nothing)"}: give a whole number.",
                    "--seeds" => $"--seeds {value ?? "(nothing)"}: give the first and last seed as A-B, A at most B.",
                    "--only" => "--only: give the text a configuration's name contains, such as \"rnn 1x256\".",
                    _ => $"{name}: {Switch} takes only --every K, --seed S or --seeds A-B, --only TEXT, {SameInit} and {Reorder} besides its step count.",
                });
                return null;
            }
        }

        return new EqualStepsOptions(steps, window, firstSeed, lastSeed ?? firstSeed, sameInit, reorder, only);
    }

    private static bool TryParseCount(string? value, out int count) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count > 0;

    private static bool TryParseSeeds(string? value, out long first, out long? last)
    {
        (first, last) = (0, null);
        string[] parts = value?.Split('-') ?? [];
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out first)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long end)
            || end < first)
        {
            return false;
        }

        last = end;
        return true;
    }
}

/// <summary>
/// The loss comparison's settings: every seed from <paramref name="FirstSeed"/> to <paramref name="LastSeed"/>;
/// <paramref name="SameInitialWeights"/> starts libtorch from CharRnn's initial weights rather than its own draw, which
/// takes the initialisation out of the difference; <paramref name="Reorder"/> also trains CharRnn a second time with
/// another shard count (the same arithmetic, its sums in another order), the control for how far float32 rounding
/// alone moves a run; <paramref name="Only"/> keeps the configurations whose name contains it.
/// </summary>
internal sealed record EqualStepsOptions(int Steps, int Window, long FirstSeed, long LastSeed, bool SameInitialWeights, bool Reorder,
    string? Only);
