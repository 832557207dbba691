using CharRnn.Training;
using Spectre.Console.Testing;

namespace CharRnn.Trainer.Tests;

public class ProgressTests
{
    [Fact]
    public void The_progress_bar_shows_epoch_step_loss_speed_and_time_left_with_the_log_above_it()
    {
        var console = new TestConsole().Interactive().Width(120);
        int result = ProgressBar.Run(console, progress =>
        {
            progress.Log("model: rnn, 1 layer(s)");
            progress.Report(new ProgressSnapshot(2, 150, 1.23456, 4321.4, 0.5, TimeSpan.FromSeconds(75)));
            Thread.Sleep(400); // the bar redraws on Spectre's timer
            return 7;
        });

        Assert.Equal(7, result);
        string output = console.Output;
        Assert.Contains("model: rnn, 1 layer(s)", output);
        Assert.Contains("epoch 2 step 150: loss 1.2346, 4321 chars/s, 00:01:15 left", output);
        Assert.Contains("50%", output);
    }

    [Fact]
    public void Plain_progress_writes_the_log_lines_only()
    {
        using var writer = new StringWriter();
        var progress = new PlainProgress(writer);
        progress.Log("epoch 1 step 10: train loss 2.0");
        progress.Report(new ProgressSnapshot(1, 10, 2, 100, 0.1, null));
        Assert.Equal("epoch 1 step 10: train loss 2.0" + Environment.NewLine, writer.ToString());
    }
}
