namespace CharRnn.Training;

/// <summary>The progress bar's numbers: how far a run is and how long it has left.</summary>
internal static class ProgressEstimate
{
    /// <summary>
    /// The snapshot after a step: how far the run is by the limit it will reach first (steps, epochs or time), and
    /// the time left to that limit at this process's speed.
    /// </summary>
    /// <param name="options">The run's limits.</param>
    /// <param name="epoch">The epoch in progress, from 1.</param>
    /// <param name="step">Steps taken, those before a resume included.</param>
    /// <param name="loss">The last step's training loss.</param>
    /// <param name="charactersPerSecond">Training speed in this process.</param>
    /// <param name="chunksDone">Chunks trained since the first epoch began (what the epoch limit counts).</param>
    /// <param name="chunksPerEpoch">Chunks in an epoch.</param>
    /// <param name="elapsed">This process's training time.</param>
    /// <param name="stepsThisRun">Steps this process took.</param>
    public static ProgressSnapshot After(TrainingOptions options, int epoch, long step, double loss, double charactersPerSecond,
        long chunksDone, int chunksPerEpoch, TimeSpan elapsed, long stepsThisRun)
    {
        double stepsPerSecond = stepsThisRun / Math.Max(elapsed.TotalSeconds, 1e-9);
        double fraction = 0;
        TimeSpan? remaining = null;
        void Limit(double done, double total, double secondsLeft)
        {
            TimeSpan left = TimeSpan.FromSeconds(Math.Clamp(secondsLeft, 0, TimeSpan.MaxValue.TotalSeconds / 2));
            if (remaining is null || left < remaining)
            {
                remaining = left;
                fraction = Math.Clamp(done / total, 0, 1);
            }
        }

        if (options.MaxSteps is { } maxSteps)
        {
            Limit(step, maxSteps, (maxSteps - step) / stepsPerSecond);
        }

        if (options.Epochs is { } epochs)
        {
            long total = (long)epochs * chunksPerEpoch;
            Limit(chunksDone, total, (total - chunksDone) / stepsPerSecond);
        }

        if (options.TimeBudget is { } budget)
        {
            Limit(elapsed.TotalSeconds, budget.TotalSeconds, (budget - elapsed).TotalSeconds);
        }

        return new ProgressSnapshot(epoch, step, loss, charactersPerSecond, fraction, remaining);
    }
}
