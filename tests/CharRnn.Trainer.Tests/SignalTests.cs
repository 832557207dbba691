using System.Diagnostics;
using CharRnn.Training;

namespace CharRnn.Trainer.Tests;

public class SignalTests
{
    [UnixFact]
    public async Task Sigterm_and_sigint_save_the_model_and_a_checkpoint_and_exit_with_130()
    {
        await StopWith("TERM");
        await StopWith("INT"); // what Ctrl+C sends
    }

    private static async Task StopWith(string signal)
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        string model = files.PathOf("m.charrnn");
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "charrnn"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (string arg in new[] { "train", "--corpus", corpus, "--out", model, "--hidden", "8", "--batch-size", "4",
            "--seq-length", "16", "--time-budget", "120", "--eval-every", "1000000", "--sample-every", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        var error = new System.Text.StringBuilder();
        string? line;
        while ((line = process.StandardError.ReadLine()) is not null && !line.StartsWith("model:", StringComparison.Ordinal))
        {
            error.AppendLine(line);
        }

        Thread.Sleep(300); // some steps
        using (Process kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        error.Append(await process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(130, process.ExitCode);
        Assert.Equal("", await output);
        Assert.Contains("interrupted: evaluating and saving the model and the checkpoint", error.ToString());
        Assert.True(CheckpointFile.Load(model + ".ckpt").Step > 0);
        Assert.True(File.Exists(model));
    }
}

/// <summary>A fact that sends POSIX signals; skipped on Windows, which has none to send.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "POSIX signals do not exist on Windows";
        }
    }
}
