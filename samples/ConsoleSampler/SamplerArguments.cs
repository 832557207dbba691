using System.Globalization;
using CharRnn;
using CharRnn.CommandLine;

namespace ConsoleSampler;

/// <summary>
/// The options of <c>charrnn sample</c>, parsed by hand in its grammar (<see cref="SamplerCommandLine"/>);
/// <c>--greedy</c> and <c>--include-stop</c> are switches.
/// </summary>
internal sealed record SamplerArguments(SamplingOptions Options, GenerationFlags Flags, int Length, string Prime)
{
    public static readonly string Usage = """
        Usage: ConsoleSampler [--seed N] [--temperature T] [--top-k K] [--greedy] [--length N] [--prime TEXT] [...]
        Prints the prime and then N characters sampled from the baked Tiny Shakespeare model,
        exactly as 'charrnn sample' does for the same model and options.
          --seed N           seed of the random stream (default 0)
          --temperature T    > 0; below 1 is more conservative (default 1)
          --top-k K          sample among the K most likely characters; 0 = all (default 0)
          --greedy           always take the most likely character
          --length N         characters to generate, >= 0 (default 200; at most, with a stop)
          --prime TEXT       text to start from (default none)

        """ + string.Concat(Array.ConvertAll(GenerationFlags.All, option =>
            $"  {(option.Name + " " + option.Value),-19}{option.Description}\n"));

    private static readonly string[] Switches = ["--greedy", "--include-stop"];

    private static readonly string[] Names =
        [.. SamplerCommandLine.SamplingNames, "--greedy", "--length", "--prime", .. GenerationFlags.Names];

    /// <summary>Parses the command line; on failure returns null and a message naming the problem.</summary>
    public static SamplerArguments? Parse(string[] args, out string? error)
    {
        if (SamplerCommandLine.Parse(args, Names, Switches, out error) is not { } values
            || SamplerCommandLine.ReadSampling(values, out error) is not SamplingOptions options)
        {
            return null;
        }

        string Get(string name, string fallback) => values.TryGetValue(name, out string? value) ? value : fallback;

        if (!int.TryParse(Get("--length", "200"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int length) || length < 0)
        {
            error = $"--length is '{Get("--length", "")}'; it must be a whole number, at least 0";
        }
        else if (!bool.TryParse(Get("--greedy", "false"), out bool greedy))
        {
            error = $"--greedy is '{Get("--greedy", "")}'; it must be true or false";
        }
        else
        {
            options = options with { Greedy = greedy };
            GenerationFlags? flags = GenerationFlags.Parse(name => values.TryGetValue(name, out string? value) ? value : null, length, ref options, out error);
            return flags is null ? null : new SamplerArguments(options, flags, length, Get("--prime", ""));
        }

        return null;
    }
}
