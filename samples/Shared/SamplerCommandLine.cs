using System.Globalization;

namespace CharRnn.CommandLine;

/// <summary>
/// The command line of the sample apps, parsed by hand to keep their NativeAOT binaries small, in <c>charrnn
/// sample</c>'s grammar: <c>--name value</c>, <c>--name=value</c> or <c>--name:value</c>; each option at most once; a
/// switch alone or followed by <c>true</c>/<c>false</c>; numbers in the invariant culture.
/// </summary>
internal static class SamplerCommandLine
{
    /// <summary>The options <see cref="ReadSampling"/> reads.</summary>
    public static readonly string[] SamplingNames = ["--seed", "--temperature", "--top-k"];

    /// <summary>
    /// Reads each option's raw text by its name (<c>"true"</c> for a switch given alone); on failure returns null and
    /// a message naming the problem.
    /// </summary>
    public static Dictionary<string, string>? Parse(string[] args, string[] names, string[] switches, out string? error)
    {
        var values = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i++)
        {
            (string name, string? value) = Split(args[i]);
            if (Array.IndexOf(names, name) < 0)
            {
                error = $"unknown option or argument '{args[i]}'; run with --help for the options";
                return null;
            }

            if (value is null && Array.IndexOf(switches, name) >= 0)
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

        error = null;
        return values;
    }

    /// <summary>
    /// Reads <c>--seed</c>, <c>--temperature</c> and <c>--top-k</c> (0, 1 and 0 when absent) with <c>charrnn
    /// sample</c>'s limits; on failure returns null and a message that starts with the option's name.
    /// </summary>
    public static SamplingOptions? ReadSampling(Dictionary<string, string> values, out string? error)
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
        else
        {
            error = null;
            return new SamplingOptions { Seed = seed, Temperature = temperature, TopK = topK };
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
