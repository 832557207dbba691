namespace CharRnn.Sampler.Tests;

/// <summary>One pinned sample: the options and prompt, as both the snapshot and the command line spell them.</summary>
public sealed record SampleCase(string Name, ulong Seed, float Temperature, int TopK, bool Greedy, string Prime, int Length)
{
    public static IReadOnlyList<SampleCase> All { get; } =
    [
        // The README's first command: ConsoleSampler --seed 42 --length 400.
        new("readme-seed42", 42, 1f, 0, false, "", 400),
        new("romeo-seed1-t0.5", 1, 0.5f, 0, false, "ROMEO:", 300),
        new("romeo-seed2-t1.0", 2, 1f, 0, false, "ROMEO:", 300),
        new("juliet-seed3-t0.8-top10", 3, 0.8f, 10, false, "JULIET:\n", 300),
        new("king-greedy", 0, 1f, 0, true, "KING", 300),
        new("long-seed7-t0.7", 7, 0.7f, 0, false, "First Citizen:", 2000),
    ];

    public SamplingOptions Options => new() { Seed = Seed, Temperature = Temperature, TopK = TopK, Greedy = Greedy };

    /// <summary>The ConsoleSampler / <c>charrnn sample</c> arguments for this case.</summary>
    public string[] Arguments()
    {
        var arguments = new List<string>
        {
            "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--temperature", Temperature.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--top-k", TopK.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--length", Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--prime", Prime,
        };
        if (Greedy)
        {
            arguments.Add("--greedy");
        }

        return [.. arguments];
    }

    /// <summary>What a snapshot pins: the settings, and the prime with the text sampled after it, line by line.</summary>
    public object Snapshot(string text) => new
    {
        Settings = new { Seed, Temperature, TopK, Greedy, Prime, Length },
        Lines = (Prime + text).Split('\n'),
    };

    public override string ToString() => Name;
}
