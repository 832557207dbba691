using System.Globalization;
using System.Text;

namespace CharRnn.CommandLine;

/// <summary>
/// The options <c>charrnn sample</c> and the ConsoleSampler share for stopping, many samples, character sets and
/// unknown prompt characters (docs/determinism.md, "Sampling from the command line"), read from their raw text so both
/// give the same one-line errors.
/// </summary>
/// <param name="Stop">The stop condition, or null when neither <c>--stop</c> nor <c>--stop-text</c> is given.</param>
/// <param name="Count">The number of samples, or null without <c>--count</c> (one sample, nothing after it).</param>
/// <param name="Separator">What follows each sample when <c>--count</c> is given.</param>
// A class, not a record: a record's equality would compare the nullable stop through EqualityComparer<T>.Default,
// which carries the NativeAOT type loader into the ConsoleSampler.
internal sealed class GenerationFlags(StopCondition? stop, int? count, string separator)
{
    public StopCondition? Stop { get; } = stop;

    public int? Count { get; } = count;

    public string Separator { get; } = separator;

    /// <summary>Each option with the name of its value and what it does.</summary>
    // Objects rather than value tuples: an array of tuples of strings is shared generic code that would carry the
    // NativeAOT type loader into the ConsoleSampler.
    public static readonly OptionHelp[] All =
    [
        new("--stop", "CHARS", "stop after any of these characters (C escapes: \"\\n\" is a line break)"),
        new("--stop-text", "TEXT", "stop once the output ends with TEXT"),
        new("--include-stop", "", "keep the stop character or text in the output"),
        new("--count", "N", "print N samples, each from its own stream derived from (seed, i)"),
        new("--separator", "SEP", "printed after each sample with --count (default \"\\n\" if --stop has a line break, else \"\\n\\n\")"),
        new("--allow", "CHARS", "draw only these characters"),
        new("--deny", "CHARS", "never draw these characters"),
        new("--unknown", "POLICY", "a prime character the model lacks: refuse (default), skip or replace"),
        new("--replacement", "C", "the character fed in its place, with --unknown replace"),
    ];

    /// <summary>The names of the options this record reads.</summary>
    public static readonly string[] Names = Array.ConvertAll(All, option => option.Name);

    /// <summary>
    /// Reads the options through <paramref name="value"/> (the raw text of an option, or null when absent) into
    /// <paramref name="options"/>, with <paramref name="length"/> as the stop's MaxLength; on failure returns null and
    /// a message that starts with the option's name.
    /// </summary>
    public static GenerationFlags? Parse(Func<string, string?> value, int length, ref SamplingOptions options, out string? error)
    {
        string? Decoded(string name, ref string? problem)
        {
            if (problem is not null || value(name) is not string raw)
            {
                return null;
            }

            string? text = EscapedText.Decode(raw, out string? escapeError);
            problem = escapeError is null ? null : $"{name} {escapeError}";
            return text;
        }

        error = null;
        string? stopCharacters = Decoded("--stop", ref error);
        string? stopText = Decoded("--stop-text", ref error);
        string? separator = Decoded("--separator", ref error);
        string? allow = Decoded("--allow", ref error);
        string? deny = Decoded("--deny", ref error);
        string? replacement = Decoded("--replacement", ref error);
        if (error is not null)
        {
            return null;
        }

        int? count = null;
        bool includeStop = false;
        error = Check(stopCharacters, stopText, allow, deny, length);
        if (error is not null || !TryCount(value("--count"), out count, out error)
            || !TryPolicy(value("--unknown"), replacement, ref options, out error)
            || !TryIncludeStop(value("--include-stop"), out includeStop, out error))
        {
            return null;
        }

        options = options with { AllowedCharacters = allow, DeniedCharacters = deny };
        StopCondition? stop = stopCharacters is null && stopText is null
            ? null
            : new StopCondition { Characters = stopCharacters, Text = stopText, MaxLength = length, IncludeStop = includeStop };
        return new GenerationFlags(stop, count, separator ?? (stopCharacters?.Contains('\n') == true ? "\n" : "\n\n"));
    }

    /// <summary>
    /// Which option an error from the runtime is about: the character sets and the replacement are checked when the
    /// session starts, the prime when it is fed.
    /// </summary>
    public static string OptionOf(ArgumentException error) =>
        error.Message.StartsWith("The allowed", StringComparison.Ordinal) ? "--allow"
        : error.Message.StartsWith("The denied", StringComparison.Ordinal) ? "--deny"
        : error.Message.StartsWith("The replacement", StringComparison.Ordinal) ? "--replacement"
        : "--prime";

    // Problems the runtime would also find, caught here to name the option rather than the API's property.
    private static string? Check(string? stopCharacters, string? stopText, string? allow, string? deny, int length) =>
        stopCharacters == "" ? "--stop is empty; give at least one stop character (\"\\n\" for a line break)"
        : stopText == "" ? "--stop-text is empty; give the text to stop at"
        : stopText is not null && CountScalars(stopText) > length
            ? $"--stop-text is longer than --length ({length.ToString(CultureInfo.InvariantCulture)}), so it could never be generated; shorten it or raise --length"
        : allow is not null && deny is not null ? "--allow and --deny are both given; use one of them"
        : null;

    // Lone surrogates count as one each; the runtime refuses them with its own message.
    private static int CountScalars(string text)
    {
        int count = 0;
        foreach (Rune _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static bool TryCount(string? text, out int? count, out string? error)
    {
        count = null;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) && parsed >= 1)
        {
            count = parsed;
            return true;
        }

        error = $"--count is '{text}'; it must be a whole number, at least 1";
        return false;
    }

    private static bool TryIncludeStop(string? text, out bool includeStop, out string? error)
    {
        includeStop = false;
        error = text is null || bool.TryParse(text, out includeStop) ? null : $"--include-stop is '{text}'; it must be true or false";
        return error is null;
    }

    private static bool TryPolicy(string? policy, string? replacement, ref SamplingOptions options, out string? error)
    {
        error = (policy, replacement) switch
        {
            (null or "refuse" or "skip", not null) => "--replacement is given without --unknown replace; add --unknown replace or drop it",
            ("replace", null) => "--unknown replace needs --replacement C, the character to feed in place of an unknown one",
            ("replace", _) when CountScalars(replacement!) != 1 => $"--replacement is '{replacement}'; it must be exactly one character",
            (null or "refuse" or "skip" or "replace", _) => null,
            _ => $"--unknown is '{policy}'; it must be refuse, skip or replace",
        };
        if (error is not null)
        {
            return false;
        }

        options = options with
        {
            UnknownCharacters = policy switch
            {
                "skip" => UnknownCharacterPolicy.Skip,
                "replace" => UnknownCharacterPolicy.Replace,
                _ => UnknownCharacterPolicy.Refuse,
            },
            Replacement = replacement is null ? default : Rune.GetRuneAt(replacement, 0),
        };
        return true;
    }
}

/// <summary>An option's name, the name of its value (empty for a switch), and what it does.</summary>
internal sealed class OptionHelp(string name, string value, string description)
{
    public string Name { get; } = name;

    public string Value { get; } = value;

    public string Description { get; } = description;
}
