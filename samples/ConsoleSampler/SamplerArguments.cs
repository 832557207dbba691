using System.Globalization;
using CharRnn;
using CharRnn.CommandLine;

namespace ConsoleSampler;

/// <summary>
/// The options of <c>charrnn sample</c>, parsed by hand to keep the NativeAOT binary small, with its grammar:
/// <c>--name value</c>, <c>--name=value</c> or <c>--name:value</c>; each option at most once; whole numbers and
/// temperatures in the invariant culture; <c>--greedy</c> and <c>--include-stop</c> alone or followed by
/// <c>true</c>/<c>false</c>.
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
        ["--seed", "--temperature", "--top-k", "--greedy", "--length", "--prime", .. GenerationFlags.Names];

    /// <summary>Parses the command line; on failure returns null and a message naming the problem.</summary>
    public static SamplerArguments? Parse(string[] args, out string? error)
    {
        var values = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i++)
        {
            (string name, string? value) = Split(args[i]);
            if (Array.IndexOf(Names, name) < 0)
            {
                error = $"unknown option or argument '{args[i]}'; run with --help for the options";
                return null;
            }

            if (value is null && Array.IndexOf(Switches, name) >= 0)
            {
                value = i + 1 < args.Length && bool.TryParse(args[i + 1], out _) ? args[++i] : "true";
            }
            else if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    error = $"option {name} needs a value";
                    return null;
                }

                value = args[++i];
            }

            if (!values.TryAdd(name, value))
            {
                error = $"option {name} is given more than once";
                return null;
            }
        }

        return Build(values, out error);
    }

    private static SamplerArguments? Build(Dictionary<string, string> values, out string? error)
    {
        string Get(string name, string fallback) => values.TryGetValue(name, out string? value) ? value : fallback;

        if (!ulong.TryParse(Get("--seed", "0"), NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong seed))
        {
            error = $"--seed is '{Get("--seed", "")}'; it must be a whole number from 0 to {ulong.MaxValue}";
        }
        else if (!float.TryParse(Get("--temperature", "1"), NumberStyles.Float, CultureInfo.InvariantCulture, out float temperature)
            || !(temperature > 0f) || !float.IsFinite(temperature))
        {
            error = $"--temperature is '{Get("--temperature", "")}'; it must be a number greater than 0 (try 0.5 to 1.0)";
        }
        else if (!int.TryParse(Get("--top-k", "0"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int topK) || topK < 0)
        {
            error = $"--top-k is '{Get("--top-k", "")}'; it must be a whole number, at least 0";
        }
        else if (!int.TryParse(Get("--length", "200"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int length) || length < 0)
        {
            error = $"--length is '{Get("--length", "")}'; it must be a whole number, at least 0";
        }
        else if (!bool.TryParse(Get("--greedy", "false"), out bool greedy))
        {
            error = $"--greedy is '{Get("--greedy", "")}'; it must be true or false";
        }
        else
        {
            var options = new SamplingOptions { Seed = seed, Temperature = temperature, TopK = topK, Greedy = greedy };
            GenerationFlags? flags = GenerationFlags.Parse(name => values.TryGetValue(name, out string? value) ? value : null, length, ref options, out error);
            return flags is null ? null : new SamplerArguments(options, flags, length, Get("--prime", ""));
        }

        return null;
    }

    // "--name=value" and "--name:value" carry their value; "--name" alone takes the next argument.
    private static (string Name, string? Value) Split(string argument)
    {
        int separator = argument.IndexOfAny(['=', ':']);
        return separator > 0 && argument.StartsWith("--", StringComparison.Ordinal)
            ? (argument[..separator], argument[(separator + 1)..])
            : (argument, null);
    }
}
