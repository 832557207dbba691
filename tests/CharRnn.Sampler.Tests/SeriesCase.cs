using System.Globalization;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// One pinned series of samples from the ConsoleSampler's model, drawn with <c>--count</c> and a stop: the options as
/// the API and the command line spell them.
/// </summary>
public sealed record SeriesCase(string Name, SamplingOptions Options, StopCondition Stop, int Count, string Prime, string[] Flags)
{
    public static IReadOnlyList<SeriesCase> All { get; } =
    [
        // Lines: a stop at the line break, one sample per line.
        new("lines-seed5-t0.8-count12", new SamplingOptions { Seed = 5, Temperature = 0.8f },
            new StopCondition { Characters = "\n", MaxLength = 120 }, 12, "", ["--stop", @"\n"]),
        // Words without a capital: a mask, a stop at a space or a line break, kept.
        new("words-seed9-lower-count10", new SamplingOptions { Seed = 9, AllowedCharacters = "abcdefghijklmnopqrstuvwxyz \n" },
            new StopCondition { Characters = " \n", MaxLength = 30, IncludeStop = true }, 10, "KING:\n",
            ["--allow", @"abcdefghijklmnopqrstuvwxyz \n", "--stop", @" \n", "--include-stop"]),
        // Up to the end of a sentence, with an unknown character skipped in the prime.
        new("sentences-seed2-top5-count4", new SamplingOptions { Seed = 2, TopK = 5, UnknownCharacters = UnknownCharacterPolicy.Skip },
            new StopCondition { Text = ".", MaxLength = 400, IncludeStop = true }, 4, "ROMEO§:", ["--stop-text", ".", "--include-stop", "--unknown", "skip"]),
    ];

    /// <summary>The ConsoleSampler / <c>charrnn sample</c> arguments for this case.</summary>
    public string[] Arguments() =>
    [
        "--seed", Options.Seed.ToString(CultureInfo.InvariantCulture),
        "--temperature", Options.Temperature.ToString(CultureInfo.InvariantCulture),
        "--top-k", Options.TopK.ToString(CultureInfo.InvariantCulture),
        "--length", Stop.MaxLength.ToString(CultureInfo.InvariantCulture),
        "--count", Count.ToString(CultureInfo.InvariantCulture),
        "--prime", Prime,
        .. Flags,
    ];

    /// <summary>What the command line prints for the samples: each is the prime, the sample and the separator.</summary>
    public string Printed(IEnumerable<string> samples)
    {
        string separator = Stop.Characters?.Contains('\n') == true ? "\n" : "\n\n";
        return string.Concat(samples.Select(sample => Prime + sample + separator));
    }
}
