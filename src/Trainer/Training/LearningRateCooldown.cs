namespace CharRnn.Training;

/// <summary>
/// The end of a run's schedule: over the last <see cref="Fraction"/> of the run the learning rate falls linearly to
/// zero, so the weights settle into the basin the run has found instead of stopping mid-stride (the cooldown of a
/// warmup-stable-decay schedule). The run's length is its nearest limit: its steps (from <c>--max-steps</c> and
/// <c>--epochs</c>) or its time budget. A cooldown by steps is a function of the step alone, so a resumed run follows
/// it exactly; one by time follows the clock, as the time budget itself does.
/// </summary>
/// <param name="Fraction">The share of the run, at its end, that cools down; 0 for none.</param>
/// <param name="TotalSteps">The step the run ends at, when a step or epoch limit is given.</param>
/// <param name="TimeBudget">The time the training loop may take, when given.</param>
internal sealed record LearningRateCooldown(double Fraction, long? TotalSteps, TimeSpan? TimeBudget)
{
    /// <summary>The cooldown of <paramref name="options"/> for a training split of <paramref name="stepsPerEpoch"/> steps.</summary>
    public static LearningRateCooldown For(TrainingOptions options, int stepsPerEpoch)
    {
        long? epochSteps = options.Epochs is { } epochs ? (long)epochs * stepsPerEpoch : null;
        long? totalSteps = (options.MaxSteps, epochSteps) switch
        {
            ({ } steps, { } fromEpochs) => Math.Min(steps, fromEpochs),
            (var steps, var fromEpochs) => steps ?? fromEpochs,
        };
        return new LearningRateCooldown(options.Cooldown, totalSteps, options.TimeBudget);
    }

    /// <summary>The factor on the learning rate once <paramref name="stepsDone"/> steps and <paramref name="elapsed"/> are behind.</summary>
    public double FactorAt(long stepsDone, TimeSpan elapsed)
    {
        if (Fraction <= 0)
        {
            return 1;
        }

        double done = 0;
        if (TotalSteps is { } total)
        {
            done = (double)stepsDone / total;
        }

        if (TimeBudget is { } budget)
        {
            done = Math.Max(done, elapsed / budget);
        }

        // Compared first, so the rate before the cooldown is the schedule's exactly (not (1 − done) / Fraction ≈ 1).
        return done <= 1 - Fraction ? 1 : Math.Clamp((1 - done) / Fraction, 0, 1);
    }
}
