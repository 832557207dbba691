using CharRnn.Training;

namespace CharRnn.Trainer.Tests;

/// <summary>Ctrl+C once a run has taken <paramref name="step"/> steps: the run stops as a person stopping it would.</summary>
internal sealed class CancelAtStep(CancellationTokenSource cancellation, long step) : ITrainingProgress
{
    public void Log(string line)
    {
    }

    public void Report(in ProgressSnapshot snapshot)
    {
        if (snapshot.Step >= step)
        {
            cancellation.Cancel();
        }
    }
}
