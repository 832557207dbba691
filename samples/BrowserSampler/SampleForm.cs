using System.Globalization;
using CharRnn;
using CharRnn.CommandLine;

namespace BrowserSampler;

/// <summary>A sample the form asked for: what to feed, how to draw, how many characters and what ends it early (null: nothing).</summary>
internal sealed record SampleRequest(string Prompt, SamplingOptions Options, int Length, string? Stop);

/// <summary>
/// The form's fields as typed, read with <c>charrnn sample</c>'s rules (whole numbers and temperatures in the
/// invariant culture, the stop characters with its escapes), so that a field the runtime would refuse gets a
/// message naming it instead.
/// </summary>
internal sealed class SampleForm
{
    /// <summary>The most characters one click draws: the page runs on the browser's one thread.</summary>
    public const int MaxLength = 20_000;

    // The defaults are the ConsoleSampler's romeo-seed1-t0.5 case, so the first click shows its pinned text.
    public string Prompt { get; set; } = "ROMEO:";

    public string Seed { get; set; } = "1";

    public string Temperature { get; set; } = "0.5";

    public string TopK { get; set; } = "0";

    public bool Greedy { get; set; }

    public string Length { get; set; } = "300";

    /// <summary>The characters that end the sample, with C-style escapes (a line break cannot be typed in a field).</summary>
    public string Stop { get; set; } = "";

    /// <summary>Reads the fields; on failure returns null and a message naming the field and what it takes.</summary>
    public SampleRequest? Read(out string? problem)
    {
        if (!ulong.TryParse(Seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong seed))
        {
            problem = $"Seed is '{Seed}'; it must be a whole number from 0 to {ulong.MaxValue}.";
        }
        else if (!float.TryParse(Temperature, NumberStyles.Float, CultureInfo.InvariantCulture, out float temperature)
            || !(temperature > 0f) || !float.IsFinite(temperature))
        {
            problem = $"Temperature is '{Temperature}'; it must be a number greater than 0 (try 0.5 to 1.0).";
        }
        else if (!int.TryParse(TopK, NumberStyles.Integer, CultureInfo.InvariantCulture, out int topK) || topK < 0)
        {
            problem = $"Top-k is '{TopK}'; it must be a whole number, at least 0 (0 = off).";
        }
        else if (!int.TryParse(Length, NumberStyles.Integer, CultureInfo.InvariantCulture, out int length)
            || length is < 0 or > MaxLength)
        {
            problem = $"Length is '{Length}'; it must be a whole number from 0 to {MaxLength}.";
        }
        else if (EscapedText.Decode(Stop, out string? escapeProblem) is not string stop)
        {
            problem = $"Stop at '{Stop}' {escapeProblem}.";
        }
        else
        {
            problem = null;
            var options = new SamplingOptions { Seed = seed, Temperature = temperature, TopK = topK, Greedy = Greedy };
            return new SampleRequest(Prompt, options, length, stop.Length == 0 ? null : stop);
        }

        return null;
    }
}
