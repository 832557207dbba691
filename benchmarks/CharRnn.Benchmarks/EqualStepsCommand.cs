using System.Globalization;

namespace CharRnn.Benchmarks;

/// <summary>
/// <c>--equal-steps N [--every K] [--seed S]</c>: the loss comparison with the libtorch peer (EqualStepsLoss, in
/// builds with <c>CharRnnLibTorchPeer=true</c>) instead of BenchmarkDotNet.
/// </summary>
internal static class EqualStepsCommand
{
    private const string Switch = "--equal-steps";

    /// <summary>Runs the comparison when the arguments ask for it and returns its exit code; null when they do not.</summary>
    public static int? TryRun(string[] args)
    {
        if (!args.Contains(Switch))
        {
            return null;
        }

        if (Parse(args) is not (int steps, int window, long seed))
        {
            return 2;
        }

#if LIBTORCH
        EqualStepsLoss.Run(steps, window, seed, Console.Out);
        return 0;
#else
        _ = (steps, window, seed);
        Console.Error.WriteLine($"{Switch} trains the libtorch peer, which this build leaves out: set CharRnnLibTorchPeer=true in the environment and build again (docs/performance.md).");
        return 2;
#endif
    }

    // The values, or null after one line on standard error naming the bad argument.
    private static (int Steps, int Window, long Seed)? Parse(string[] args)
    {
        int steps = 0, window = 50;
        long seed = 1;
        for (int i = 0; i < args.Length; i += 2)
        {
            string name = args[i];
            string? value = i + 1 < args.Length ? args[i + 1] : null;
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
                    : $"{name}: {Switch} takes only --every K and --seed S besides its step count.");
                return null;
            }
        }

        return (steps, window, seed);
    }
}
