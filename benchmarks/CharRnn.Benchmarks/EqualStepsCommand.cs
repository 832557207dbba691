using System.Globalization;

namespace CharRnn.Benchmarks;

/// <summary>
/// <c>--equal-steps N [--every K] [--seed S] [--same-init]</c>: the loss comparison with the libtorch peer
/// (EqualStepsLoss, in builds with <c>CharRnnLibTorchPeer=true</c>) instead of BenchmarkDotNet.
/// </summary>
internal static class EqualStepsCommand
{
    private const string Switch = "--equal-steps";
    private const string SameInit = "--same-init";

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
        long seed = 1;
        bool sameInit = false;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == SameInit)
            {
                sameInit = true;
                continue;
            }

            string? value = ++i < args.Length ? args[i] : null;
            bool parsed = name switch
            {
                Switch => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out steps) && steps > 0,
                "--every" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out window) && window > 0,
                "--seed" => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seed),
                _ => false,
            };
            if (!parsed)
            {
                Console.Error.WriteLine(name is Switch or "--every" or "--seed"
                    ? $"{name} {value ?? "(nothing)"}: give a whole number{(name == "--seed" ? "" : " above 0")}."
                    : $"{name}: {Switch} takes only --every K, --seed S and {SameInit} besides its step count.");
                return null;
            }
        }

        return new EqualStepsOptions(steps, window, seed, sameInit);
    }
}

/// <summary>
/// The loss comparison's settings: <paramref name="SameInitialWeights"/> starts libtorch from CharRnn's initial weights
/// rather than its own draw, which takes the initialisation out of the difference.
/// </summary>
internal sealed record EqualStepsOptions(int Steps, int Window, long Seed, bool SameInitialWeights);
