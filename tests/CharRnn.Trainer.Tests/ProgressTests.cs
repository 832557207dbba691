using CharRnn.Training;
using CharRnn.Training.Commands;
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
            // The bar redraws on Spectre's timer; a loaded machine may take a while to get to it.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!console.Output.Contains("left", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Sleep(50);
            }

            return 7;
        });

        Assert.Equal(7, result);
        string output = console.Output;
        Assert.Contains("model: rnn, 1 layer(s)", output);
        Assert.Contains("epoch 2 step 150: loss 1.2346, 4321 chars/s, 00:01:15 left", output);
        Assert.Contains("50%", output);
    }

    [Fact]
    public void The_estimate_follows_the_limit_reached_first()
    {
        var options = new TrainingOptions { CorpusPath = "", OutputPath = "", MaxSteps = 100, Epochs = 10 };
        // 50 steps of 100 in 10 s; 50 chunks of 10 epochs × 20 chunks: the step limit comes first, 10 s away.
        ProgressSnapshot snapshot = ProgressEstimate.After(options, 3, 50, 1.5, 800, 50, 20, TimeSpan.FromSeconds(10), 50);
        Assert.Equal((3, 50L, 0.5, (TimeSpan?)TimeSpan.FromSeconds(10)), (snapshot.Epoch, snapshot.Step, snapshot.Fraction, snapshot.Remaining));

        // A time budget of 12 s ends it sooner.
        snapshot = ProgressEstimate.After(options with { TimeBudget = TimeSpan.FromSeconds(12) }, 3, 50, 1.5, 800, 50, 20, TimeSpan.FromSeconds(10), 50);
        Assert.Equal(TimeSpan.FromSeconds(2), snapshot.Remaining);
        Assert.Equal(10.0 / 12, snapshot.Fraction, 1e-12);

        // No limit: nothing to estimate.
        snapshot = ProgressEstimate.After(options with { MaxSteps = null, Epochs = null }, 3, 50, 1.5, 800, 50, 20, TimeSpan.FromSeconds(10), 50);
        Assert.Equal((0.0, (TimeSpan?)null), (snapshot.Fraction, snapshot.Remaining));
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
