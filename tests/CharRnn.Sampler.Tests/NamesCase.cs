using System.Globalization;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// One pinned run of the NameGenerator: its arguments, the options and prefix they mean, and the <c>charrnn
/// sample</c> arguments that print the same names (CharRnn.Trainer.Tests replays those on the pinned names).
/// </summary>
public sealed record NamesCase(string Name, string[] Arguments, SamplingOptions Options, int Count, string Prefix)
{
    /// <summary>The app's stop: one name, up to the line feed that ends it, 64 characters at most.</summary>
    public static readonly StopCondition OneName = new() { Characters = "\n", MaxLength = 64 };

    private const string AsciiLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static IReadOnlyList<NamesCase> All { get; } =
    [
        // What the README shows: every default.
        new("defaults", [], new SamplingOptions(), 10, ""),
        new("seed7-t0.7-count25", ["--seed", "7", "--temperature", "0.7", "--count", "25"],
            new SamplingOptions { Seed = 7, Temperature = 0.7f }, 25, ""),
        new("prefix-san-seed3-top5-count12", ["--prefix", "San ", "--seed", "3", "--top-k", "5", "--count", "12"],
            new SamplingOptions { Seed = 3, TopK = 5 }, 12, "San "),
        // --allow without a line feed: the app adds it, or no name could end before 64 characters.
        new("ascii-seed2-count15", ["--allow", AsciiLetters + " -'", "--seed", "2", "--count", "15"],
            new SamplingOptions { Seed = 2, AllowedCharacters = AsciiLetters + " -'\n" }, 15, ""),
        new("deny-vowels-seed4-t0.8", ["--deny", "aeiou", "--seed", "4", "--temperature", "0.8"],
            new SamplingOptions { Seed = 4, Temperature = 0.8f, DeniedCharacters = "aeiou" }, 10, ""),
        // The unknown character is printed as given, and the model never sees it.
        new("prefix-unknown-skip-seed5", ["--prefix", "Port§", "--unknown", "skip", "--seed", "5", "--count", "6"],
            new SamplingOptions { Seed = 5, UnknownCharacters = UnknownCharacterPolicy.Skip }, 6, "Port§"),
    ];

    /// <summary>
    /// The <c>charrnn sample</c> arguments, after <c>--model</c>, whose output is a line feed before each name:
    /// the prompt is the line feed and the prefix, and nothing is printed after a name.
    /// </summary>
    public string[] CharrnnArguments() =>
    [
        "--seed", Options.Seed.ToString(CultureInfo.InvariantCulture),
        "--temperature", Options.Temperature.ToString(CultureInfo.InvariantCulture),
        "--top-k", Options.TopK.ToString(CultureInfo.InvariantCulture),
        "--count", Count.ToString(CultureInfo.InvariantCulture),
        "--length", OneName.MaxLength.ToString(CultureInfo.InvariantCulture),
        "--stop", @"\n",
        "--separator", "",
        "--prime", "\n" + Prefix,
        .. Options.AllowedCharacters is string allowed ? ["--allow", Escaped(allowed)] : Array.Empty<string>(),
        .. Options.DeniedCharacters is string denied ? ["--deny", Escaped(denied)] : Array.Empty<string>(),
        .. Options.UnknownCharacters == UnknownCharacterPolicy.Skip ? ["--unknown", "skip"] : Array.Empty<string>(),
    ];

    // charrnn reads C escapes in character sets: a line feed is written "\n", a backslash "\\".
    private static string Escaped(string characters) => characters.Replace(@"\", @"\\").Replace("\n", @"\n");
}
