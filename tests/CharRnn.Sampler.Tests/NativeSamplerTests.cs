using System.Diagnostics;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// The NativeAOT-published ConsoleSampler prints exactly the pinned text. Publishing takes a minute, so
/// <c>.ci/run</c> publishes once and names the binary in CHARRNN_CONSOLE_SAMPLER. Run where it is set and always
/// under CI=true, where a missing binary fails them (tests/Directory.Build.props).
/// </summary>
[Trait("Requires", "NativeSampler")]
public class NativeSamplerTests
{
    public static TheoryData<string> Cases() => SnapshotTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Native_binary_prints_the_snapshot_text(string name)
    {
        SampleCase sample = SampleCase.All.Single(c => c.Name == name);
        Assert.Equal(sample.Prime + ConsoleSamplerModel.Baked(sample.Options, sample.Prime, sample.Length), Run(sample.Arguments()));
    }

    public static TheoryData<string> Series() => SeriesSnapshotTests.Cases();

    [Theory]
    [MemberData(nameof(Series))]
    public void Native_binary_prints_each_sample_of_a_series_with_its_separator(string name)
    {
        SeriesCase series = SeriesCase.All.Single(c => c.Name == name);
        string[] samples = ConsoleSamplerModel.GenerateMany(series.Prime, series.Count, series.Options, series.Stop);
        Assert.Equal(series.Printed(samples), Run(series.Arguments()));
    }

    private static string Run(string[] arguments)
    {
        var start = new ProcessStartInfo(Binary())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error.Result);
        return output;
    }

    private static string Binary()
    {
        string? path = Environment.GetEnvironmentVariable("CHARRNN_CONSOLE_SAMPLER");
        Assert.True(!string.IsNullOrEmpty(path) && File.Exists(path),
            "CHARRNN_CONSOLE_SAMPLER must name the NativeAOT ConsoleSampler binary (.ci/run publishes it: dotnet publish "
            + "samples/ConsoleSampler -c Release -r linux-x64 -o artifacts/aot); it is "
            + (string.IsNullOrEmpty(path) ? "not set" : $"'{path}', which does not exist"));
        return path!;
    }
}
