using System.Diagnostics;
using System.Globalization;
using System.Text;
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

    [UnixFact]
    public async Task Kill_9_at_any_moment_leaves_a_checkpoint_that_resumes()
    {
        // Evaluating at every step writes a checkpoint at every step, so the kill often lands inside a save.
        foreach (int delay in new[] { 0, 60 })
        {
            using var files = new TestFiles();
            string model = files.PathOf("m.charrnn");
            string[] args = Arguments(files, model, "--eval-every", "1");
            using Process process = Start(args);
            _ = process.StandardOutput.ReadToEndAsync();
            await ReadUntil(process, "epoch 1 step 3:");
            Thread.Sleep(delay);
            await Signal(process, "KILL");
            await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            long step = CheckpointFile.Load(model + ".ckpt").Step;
            Assert.True(step >= 3, $"the checkpoint holds step {step}");
            (int exit, _, string error) = CliTests.Run([.. args[..^4], "--resume", model + ".ckpt", "--max-steps", (step + 2).ToString(CultureInfo.InvariantCulture)]);
            Assert.True(exit == 0, error);
            Assert.Equal(step + 2, CheckpointFile.Load(model + ".ckpt").Step);
        }
    }

    private static async Task StopWith(string signal)
    {
        using var files = new TestFiles();
        string model = files.PathOf("m.charrnn");
        using Process process = Start(Arguments(files, model, "--eval-every", "5"));
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string before = await ReadUntil(process, "epoch 1 step 5:");
        await Signal(process, signal);
        string error = before + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(130, process.ExitCode);
        Assert.Equal("", await output);
        Assert.Contains("interrupted: evaluating and saving the model and the checkpoint", error);
        Assert.True(CheckpointFile.Load(model + ".ckpt").Step >= 5);
        Assert.True(File.Exists(model));
    }

    // A tiny model with no step limit; the last four arguments are the time budget and the given option.
    private static string[] Arguments(TestFiles files, string model, string option, string value) =>
        ["train", "--corpus", files.Write("pattern.txt", TestFiles.PatternText), "--out", model, "--hidden", "8", "--batch-size", "4",
            "--seq-length", "16", "--sample-every", "0", option, value, "--time-budget", "120"];

    // Through `env --default-signal=INT` (GNU coreutils 8.31+): a test run started as a background job inherits SIGINT
    // ignored, as POSIX shells set it, and the runtime keeps it ignored, as it should for a background job. A user's
    // Ctrl+C reaches a foreground process, whose SIGINT is the default; env gives the trainer that here. env replaces
    // itself with the trainer, so the process id is the trainer's.
    private static Process Start(string[] args)
    {
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "charrnn"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    // Reads stderr up to and including the first line that starts with prefix; returns what came before.
    private static async Task<string> ReadUntil(Process process, string prefix)
    {
        var text = new StringBuilder();
        string? line;
        while ((line = await process.StandardError.ReadLineAsync()) is not null && !line.StartsWith(prefix, StringComparison.Ordinal))
        {
            text.AppendLine(line);
        }

        Assert.True(line is not null, "the trainer ended before printing '" + prefix + "': " + text);
        return text.ToString();
    }

    private static async Task Signal(Process process, string signal)
    {
        using Process kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
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
