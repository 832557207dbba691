using System.Globalization;
using CharRnn;

namespace ConsoleSampler;

/// <summary>The options of <c>charrnn sample</c>, parsed by hand to keep the NativeAOT binary small.</summary>
internal sealed record SamplerArguments(SamplingOptions Options, int Length, string Prime)
{
    public const string Usage = """
        Usage: ConsoleSampler [--seed N] [--temperature T] [--top-k K] [--greedy] [--length N] [--prime TEXT]
        Prints the prime and then N characters sampled from the baked Tiny Shakespeare model,
        exactly as 'charrnn sample' does for the same model and options.
          --seed N           seed of the random stream (default 0)
          --temperature T    > 0; below 1 is more conservative (default 1)
          --top-k K          sample among the K most likely characters; 0 = all (default 0)
          --greedy           always take the most likely character
          --length N         characters to generate, >= 0 (default 200)
          --prime TEXT       text to start from (default none)
        """;

    /// <summary>Parses the command line; on failure returns null and a message naming the problem.</summary>
    public static SamplerArguments? Parse(string[] args, out string? error)
    {
        var options = new SamplingOptions();
        int length = 200;
        string prime = "";
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == "--greedy")
            {
                options = options with { Greedy = true };
                continue;
            }

            if (name is not ("--seed" or "--temperature" or "--top-k" or "--length" or "--prime"))
            {
                error = $"unknown option '{name}'; run with --help for the options";
                return null;
            }

            if (i + 1 >= args.Length)
            {
                error = $"option {name} needs a value";
                return null;
            }

            string value = args[++i];
            bool ok = name switch
            {
                "--seed" => TryParse(value, out ulong seed) && Set(ref options, options with { Seed = seed }),
                "--temperature" => TryParse(value, out float temperature) && Set(ref options, options with { Temperature = temperature }),
                "--top-k" => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int topK)
                    && Set(ref options, options with { TopK = topK }),
                "--length" => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out length),
                _ => Set(ref prime, value),
            };
            if (!ok)
            {
                error = $"'{value}' is not a valid value for {name}";
                return null;
            }
        }

        error = Validate(options, length);
        return error is null ? new SamplerArguments(options, length, prime) : null;
    }

    private static string? Validate(SamplingOptions options, int length)
    {
        if (length < 0)
        {
            return $"--length must be 0 or more, not {length}";
        }

        if (!(options.Temperature > 0f) || float.IsInfinity(options.Temperature))
        {
            return $"--temperature must be a number greater than 0, not {options.Temperature.ToString(CultureInfo.InvariantCulture)}";
        }

        return options.TopK < 0 ? $"--top-k must be 0 (off) or more, not {options.TopK}" : null;
    }

    private static bool TryParse(string text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryParse(string text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static bool Set<T>(ref T target, T value)
    {
        target = value;
        return true;
    }
}
