using System.Runtime.InteropServices;
using CharRnn.Training;

namespace CharRnn.Training.Commands;

/// <summary>How the commands that train (<c>train</c>, <c>sweep</c>) meet the console: Ctrl+C, SIGTERM, progress.</summary>
internal static class TrainingConsole
{
    /// <summary>
    /// Runs <paramref name="run"/> with a token that Ctrl+C and SIGTERM cancel (the training loop then stops between
    /// steps, evaluates and saves; files are only ever replaced by a rename, so even a second Ctrl+C, which ends the
    /// process at once, cannot leave half a file), reporting to a progress bar when stderr is a terminal and as
    /// plain lines otherwise.
    /// </summary>
    public static T Run<T>(Terminal terminal, Func<ITrainingProgress, CancellationToken, T> run)
    {
        using var cancellation = new CancellationTokenSource();
        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = !cancellation.IsCancellationRequested; // a second Ctrl+C ends the process at once
            cancellation.Cancel();
        }

        Console.CancelKeyPress += OnCancelKey;
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });
        try
        {
            return terminal.ErrorIsConsole
                ? ProgressBar.Run(ProgressBar.StandardError(), progress => run(progress, cancellation.Token))
                : run(new PlainProgress(terminal.Error), cancellation.Token);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKey;
        }
    }
}
