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
        string expected = sample.Prime + ConsoleSamplerModel.Baked(sample.Options, sample.Prime, sample.Length);
        var start = new ProcessStartInfo(Binary())
        {
            RedirectStandardOutput = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (string argument in sample.Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(expected, output);
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
