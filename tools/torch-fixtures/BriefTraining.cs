using static TorchSharp.torch;

namespace CharRnn.TorchFixtures;

/// <summary>
/// Trains a fixture's model for a few hundred Adam steps on its corpus slice, so that its weights are shaped by text
/// (saturated gates, varied magnitudes) instead of being PyTorch's uniform initialisation.
/// </summary>
internal static class BriefTraining
{
    private const int Steps = 200;
    private const int BatchSize = 16;
    private const int SequenceLength = 48;
    private const double LearningRate = 0.01;
    private const double ClipNorm = 5.0;

    /// <summary>Trains in place and returns the mean cross-entropy (nats per character) of the last 20 steps.</summary>
    public static double Run(CharModel model, long[] text, int vocabularySize, int seed)
    {
        var random = new Random(seed);
        using var optimizer = optim.Adam(model.parameters(), LearningRate);
        model.train();
        double recent = 0;
        for (int step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            var inputs = new long[BatchSize * SequenceLength];
            var targets = new long[BatchSize * SequenceLength];
            for (int b = 0; b < BatchSize; b++)
            {
                int start = random.Next(text.Length - SequenceLength - 1);
                Array.Copy(text, start, inputs, b * SequenceLength, SequenceLength);
                Array.Copy(text, start + 1, targets, b * SequenceLength, SequenceLength);
            }

            (Tensor logits, _) = model.Forward(tensor(inputs).reshape(BatchSize, SequenceLength), null);
            Tensor loss = nn.functional.cross_entropy(logits.reshape(-1, vocabularySize), tensor(targets));
            optimizer.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), ClipNorm);
            optimizer.step();
            if (step >= Steps - 20)
            {
                recent += loss.item<float>() / 20;
            }
        }

        model.eval();
        return recent;
    }
}
