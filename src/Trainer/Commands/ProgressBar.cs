using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace CharRnn.Training.Commands;

/// <summary>
/// A Spectre.Console progress bar on stderr with epoch, step, loss, speed and time left; log lines scroll above it.
/// Used only when stderr is a terminal, so redirected output stays plain lines.
/// </summary>
internal sealed class ProgressBar : ITrainingProgress
{
    // A redraw costs far more than a training step on a small model; a few per second is enough for the eye.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly IAnsiConsole _console;
    private readonly ProgressTask _task;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _nextUpdate;

    private ProgressBar(IAnsiConsole console, ProgressTask task)
    {
        _console = console;
        _task = task;
    }

    /// <summary>The process's stderr as a Spectre console.</summary>
    public static IAnsiConsole StandardError() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>Runs <paramref name="run"/> with a progress bar on <paramref name="console"/>, cleared when it returns or throws.</summary>
    public static T Run<T>(IAnsiConsole console, Func<ITrainingProgress, T> run)
    {
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .Start(context => run(new ProgressBar(console, context.AddTask("starting", maxValue: 1))));
    }

    // Through the console, not around it, so the bar is redrawn below the line instead of being torn by it.
    public void Log(string line) => _console.WriteLine(line);

    public void Report(in ProgressSnapshot snapshot)
    {
        if (_clock.Elapsed < _nextUpdate)
        {
            return;
        }

        _nextUpdate = _clock.Elapsed + Interval;
        string remaining = snapshot.Remaining is { } left ? $", {left:hh\\:mm\\:ss} left" : "";
        _task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"epoch {snapshot.Epoch} step {snapshot.Step}: loss {snapshot.Loss:F4}, {snapshot.CharactersPerSecond:F0} chars/s{remaining}"));
        _task.Value = snapshot.Fraction;
    }
}
