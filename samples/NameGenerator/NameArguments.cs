using System.Globalization;
using CharRnn;
using CharRnn.CommandLine;

namespace NameGenerator;

/// <summary>
/// The command line: how many names, how to draw them and what they start with, in <c>charrnn sample</c>'s grammar
/// and with its messages (<see cref="SamplerCommandLine"/>, <see cref="GenerationFlags"/>).
/// </summary>
internal sealed record NameArguments(SamplingOptions Options, int Count, string Prefix)
{
    /// <summary>The most names one run prints: they are all held in memory before the first is printed.</summary>
    public const int MaxCount = 1_000_000;

    public const string Usage = """
        Usage: NameGenerator [--count N] [--seed N] [--temperature T] [--top-k K] [--prefix TEXT] [...]
        Prints N made-up place names, one a line, from the baked model (a GRU trained on GeoNames place names):
        each is TEXT and what the model draws after a line feed and TEXT, up to the next line feed (64 at most).
          --count N          names to print, 1 to 1000000 (default 10)
          --seed N           seed of the random streams (default 0); name i draws from its own, derived from (seed, i)
          --temperature T    > 0; below 1 is more conservative (default 1)
          --top-k K          sample among the K most likely characters; 0 = all (default 0)
          --prefix TEXT      names that start with TEXT (default none)
          --allow CHARS      draw only these characters, and the line feed that ends a name (C escapes: "\u00e9" is é)
          --deny CHARS       never draw these characters
          --unknown POLICY   a prefix character the model lacks: refuse (default), skip or replace
          --replacement C    the character fed in its place, with --unknown replace

        """;

    private static readonly string[] Names =
        [.. SamplerCommandLine.SamplingNames, "--count", "--prefix", "--allow", "--deny", "--unknown", "--replacement"];

    /// <summary>Parses the command line; on failure returns null and a message naming the problem.</summary>
    public static NameArguments? Parse(string[] args, out string? error)
    {
        if (SamplerCommandLine.Parse(args, Names, switches: [], out error) is not { } values
            || SamplerCommandLine.ReadSampling(values, out error) is not SamplingOptions options)
        {
            return null;
        }

        string? Value(string name) => values.TryGetValue(name, out string? value) ? value : null;

        // The app takes no --stop or --stop-text, so no length bounds them.
        if (GenerationFlags.Parse(Value, length: 0, ref options, out error) is not { } flags)
        {
            return null;
        }

        string prefix = Value("--prefix") ?? "";
        if (flags.Count > MaxCount)
        {
            error = $"--count is '{Value("--count")}'; it must be at most {MaxCount.ToString(CultureInfo.InvariantCulture)}";
            return null;
        }

        if (prefix.Contains('\n'))
        {
            error = "--prefix has a line feed; a name is one line";
            return null;
        }

        // A name ends at a line feed, so that stays drawable whatever --allow leaves out.
        if (options.AllowedCharacters is string allowed && !allowed.Contains('\n'))
        {
            options = options with { AllowedCharacters = allowed + "\n" };
        }

        return new NameArguments(options, flags.Count ?? 10, prefix);
    }
}
