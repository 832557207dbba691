namespace CharRnn.Training;

/// <summary>
/// char-rnn's decay: once <see cref="DecayAfter"/> epochs are done, the learning rate is multiplied by
/// <see cref="Decay"/> after every epoch. A function of the epoch alone, so a resumed run needs no schedule state.
/// </summary>
/// <param name="BaseRate">The rate of the first epochs.</param>
/// <param name="Decay">The factor per epoch, in (0, 1]; 1 keeps the rate.</param>
/// <param name="DecayAfter">Epochs trained at the base rate (0 acts as 1: no epoch is done before the first).</param>
internal sealed record LearningRateSchedule(double BaseRate, double Decay, int DecayAfter)
{
    /// <summary>The rate for <paramref name="epoch"/> (from 1).</summary>
    public double RateFor(int epoch)
    {
        // Multiplied once per decayed epoch, as char-rnn does, rather than Math.Pow, so the rates are char-rnn's exactly.
        double rate = BaseRate;
        for (int done = Math.Max(DecayAfter, 1); done < epoch; done++)
        {
            rate *= Decay;
        }

        return rate;
    }
}
