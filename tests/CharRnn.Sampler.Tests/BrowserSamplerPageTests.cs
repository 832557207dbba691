using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// The BrowserSampler page in headless Chromium prints the ConsoleSampler's pinned text for the same options, and
/// shows bad input on the page instead of failing. Run where Chromium is installed and always under CI=true, where a
/// missing Chromium fails them (tests/Directory.Build.props).
/// </summary>
[Trait("Requires", "Chromium")]
public sealed partial class BrowserSamplerPageTests(PublishedBrowserSampler app) : IClassFixture<PublishedBrowserSampler>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Cases() => ["juliet-seed3-t0.8-top10", "king-greedy"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Page_prints_the_console_samplers_snapshot_text(string name)
    {
        SampleCase sample = SampleCase.All.Single(c => c.Name == name);
        PageRun run = await GenerateAsync(Fields(sample));

        Assert.Equal("done", run.Status);
        Assert.Equal("", run.Error);
        Assert.Equal(SnapshotText("console-" + name), run.Output);
        Match speed = SpeedLine().Match(run.Speed);
        Assert.True(speed.Success, $"the speed line is '{run.Speed}'");
        Assert.Equal(sample.Length, int.Parse(speed.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, $"browser-sampler-{name}.png"), await app.Page.ScreenshotAsync());
    }

    [Fact]
    public async Task A_stop_character_ends_the_sample_where_charrnn_sample_does()
    {
        SampleCase sample = SampleCase.All.Single(c => c.Name == "juliet-seed3-t0.8-top10");
        PageRun run = await GenerateAsync(Fields(sample, stop: @"\n"));

        string expected = LoadedUntil(sample, new StopCondition { Characters = "\n", MaxLength = sample.Length });
        Assert.Equal("done", run.Status);
        Assert.Equal(sample.Prime + expected, run.Output);
        Assert.DoesNotContain('\n', expected);
        Assert.StartsWith(run.Output, SnapshotText("console-" + sample.Name), StringComparison.Ordinal); // the same draws, cut short
        Assert.StartsWith($"{expected.Length + 1} characters in ", run.Speed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_prompt_character_shows_the_runtimes_message_and_the_page_carries_on()
    {
        var unknown = new SampleCase("unknown-character", 1, 1f, 0, false, "ROMEO§", 20);
        PageRun refused = await GenerateAsync(Fields(unknown));

        Assert.Equal("error", refused.Status);
        Assert.StartsWith("The prompt's character '§'", refused.Error, StringComparison.Ordinal);
        Assert.Contains("not in the model's vocabulary", refused.Error, StringComparison.Ordinal);
        Assert.Equal("", refused.Output);

        PageRun accepted = await GenerateAsync(Fields(unknown with { Prime = "ROMEO:" }));
        Assert.Equal("done", accepted.Status);
        Assert.Equal("", accepted.Error);
        Assert.Equal("ROMEO:".Length + 20, accepted.Output.Length);
    }

    [Fact]
    public async Task A_field_the_runtime_would_refuse_is_named_on_the_page()
    {
        var valid = new SampleCase("valid", 1, 1f, 0, false, "", 20);
        PageRun zeroTemperature = await GenerateAsync(Fields(valid with { Temperature = 0f }));
        PageRun badEscape = await GenerateAsync(Fields(valid, stop: @"\q"));

        Assert.Equal(("error", "error"), (zeroTemperature.Status, badEscape.Status));
        Assert.StartsWith("Temperature is '0'", zeroTemperature.Error, StringComparison.Ordinal);
        Assert.StartsWith(@"Stop at '\q' has the escape '\q' at index 0", badEscape.Error, StringComparison.Ordinal);
    }

    private static Dictionary<string, object> Fields(SampleCase sample, string stop = "") => new()
    {
        ["prompt"] = sample.Prime,
        ["seed"] = sample.Seed.ToString(CultureInfo.InvariantCulture),
        ["temperature"] = sample.Temperature.ToString(CultureInfo.InvariantCulture),
        ["top-k"] = sample.TopK.ToString(CultureInfo.InvariantCulture),
        ["length"] = sample.Length.ToString(CultureInfo.InvariantCulture),
        ["greedy"] = sample.Greedy,
        ["stop"] = stop,
    };

    // What `charrnn sample --stop` prints after the prime: the ConsoleSampler's model file, loaded at run time.
    private static string LoadedUntil(SampleCase sample, StopCondition stop)
    {
        DynamicSession session = ConsoleSamplerModel.Dynamic.CreateSession(sample.Options);
        session.Feed(sample.Prime);
        var destination = new char[stop.MaxLength * 2];
        return new string(destination, 0, session.Generate(destination, stop).Written);
    }

    // The prime and the sampled text, as the snapshot pins them line by line.
    private static string SnapshotText(string snapshot)
    {
        using JsonDocument pinned = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(Repository.Root, "tests", "CharRnn.Sampler.Tests", "__snapshots__", snapshot + ".snap")));
        return string.Join('\n', pinned.RootElement.GetProperty("Lines").EnumerateArray().Select(line => line.GetString()));
    }

    /// <summary>Fills the form as a user would (each field's change event), presses Generate and waits for the run to end.</summary>
    private async Task<PageRun> GenerateAsync(Dictionary<string, object> fields)
    {
        string runs = (await app.Page.EvaluateAsync("document.querySelector('main').dataset.runs")).GetString()!;
        await app.Page.EvaluateAsync($$"""
            (() => {
              for (const [id, value] of Object.entries({{JsonSerializer.Serialize(fields)}})) {
                const field = document.getElementById(id);
                if (field.type === 'checkbox') field.checked = value; else field.value = value;
                field.dispatchEvent(new Event('change', { bubbles: true }));
              }
              document.getElementById('generate').click();
            })()
            """);
        await app.Page.WaitForAsync("document.querySelector('main').dataset.runs", now => now != runs, RunTimeout, "the run ending");
        JsonElement page = await app.Page.EvaluateAsync("""
            ({
              status: document.querySelector('main').dataset.status,
              error: document.getElementById('error')?.textContent ?? '',
              output: document.getElementById('output').textContent,
              speed: document.getElementById('speed').textContent,
              crashed: getComputedStyle(document.getElementById('blazor-error-ui')).display !== 'none',
            })
            """);
        Assert.False(page.GetProperty("crashed").GetBoolean(), "Blazor shows its unhandled-error bar");
        return new PageRun(page.GetProperty("status").GetString()!, page.GetProperty("error").GetString()!,
            page.GetProperty("output").GetString()!, page.GetProperty("speed").GetString()!);
    }

    private sealed record PageRun(string Status, string Error, string Output, string Speed);

    [GeneratedRegex(@"^([\d,]+) characters in [\d.]+ s: [\d,]+ characters/s$")]
    private static partial Regex SpeedLine();
}
