using System.Diagnostics;

namespace CharRnn.SampleModel.Tests;

/// <summary>
/// The NativeAOT-published ConsoleSampler prints exactly the pinned text. Publishing takes a minute, so
/// <c>.ci/run</c> publishes once and names the binary in CHARRNN_CONSOLE_SAMPLER; without it these tests skip.
/// </summary>
public class NativeSamplerTests
{
    public static TheoryData<string> Cases() => SnapshotTests.Cases();

    [NativeSamplerTheory]
    [MemberData(nameof(Cases))]
    public void Native_binary_prints_the_snapshot_text(string name)
    {
        SampleCase sample = SampleCase.All.Single(c => c.Name == name);
        string expected = sample.Prime + Shakespeare.Baked(sample.Options, sample.Prime, sample.Length);
        var start = new ProcessStartInfo(NativeSamplerTheoryAttribute.BinaryPath!)
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
}

/// <summary>A theory that runs only when CHARRNN_CONSOLE_SAMPLER names the published binary.</summary>
public sealed class NativeSamplerTheoryAttribute : TheoryAttribute
{
    public static string? BinaryPath => Environment.GetEnvironmentVariable("CHARRNN_CONSOLE_SAMPLER");

    public NativeSamplerTheoryAttribute()
    {
        if (string.IsNullOrEmpty(BinaryPath) || !File.Exists(BinaryPath))
        {
            Skip = "Set CHARRNN_CONSOLE_SAMPLER to the NativeAOT ConsoleSampler binary (.ci/run does) to compare it with the snapshots.";
        }
    }
}
