using System.Text.Json;
using CharRnn.Tests;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// <c>charrnn sample</c> prints the NameGenerator's pinned names: each <c>names-*.snap</c> of CharRnn.Sampler.Tests
/// holds the names the app printed and the <c>charrnn sample</c> arguments that mean the same options.
/// </summary>
public class NameGeneratorParityTests
{
    private static readonly string Snapshots = Path.Combine(Repository.Root, "tests", "CharRnn.Sampler.Tests", "__snapshots__");

    private static readonly string ModelPath = Path.Combine(Repository.Root, "samples", "NameGenerator", "Models", "cities.charrnn");

    public static TheoryData<string> Cases() =>
        [.. Directory.GetFiles(Snapshots, "names-*.snap").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Charrnn_sample_prints_the_names_the_app_printed(string snapshot)
    {
        using JsonDocument pinned = JsonDocument.Parse(File.ReadAllText(Path.Combine(Snapshots, snapshot)));
        string[] Strings(string property) => [.. pinned.RootElement.GetProperty(property).EnumerateArray().Select(item => item.GetString()!)];

        (int exit, string output, string error) = CliTests.Run(["sample", "--model", ModelPath, .. Strings("Charrnn")]);
        Assert.True(exit == 0, error);
        // The prime starts with a line feed and nothing follows a name: a line feed before each name.
        Assert.Equal(Strings("Names"), output.Split('\n')[1..]);
    }
}
