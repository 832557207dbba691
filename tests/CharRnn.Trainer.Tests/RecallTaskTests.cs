using CharRnn.ModelFormat;
using CharRnn.Training.Cells;
using CharRnn.Training.Course;

namespace CharRnn.Trainer.Tests;

/// <summary>The vanishing-gradient exercise's task generator, and a learning check that can fail.</summary>
public class RecallTaskTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(7, 16)]
    [InlineData(100, 3)]
    public void The_first_symbol_is_the_target_and_every_later_step_a_distractor(int length, int streams)
    {
        var task = new RecallTask(length, seed: 9);
        var inputs = new int[length * streams];
        var targets = new int[streams];
        var seen = new HashSet<int>();
        for (int batch = 0; batch < 50; batch++)
        {
            task.Fill(inputs, targets);
            for (int s = 0; s < streams; s++)
            {
                Assert.Equal(targets[s], inputs[s]); // step 0, step-major
                Assert.InRange(targets[s], 0, RecallTask.Symbols - 1);
                seen.Add(targets[s]);
                for (int t = 1; t < length; t++)
                {
                    Assert.InRange(inputs[t * streams + s], RecallTask.Symbols, RecallTask.Vocabulary - 1);
                }
            }
        }

        Assert.Equal(RecallTask.Symbols, seen.Count); // every answer occurs
    }

    [Fact]
    public void A_seed_gives_the_same_sequences_and_another_seed_others()
    {
        int[] Batch(ulong seed)
        {
            var inputs = new int[10 * 8];
            new RecallTask(10, seed).Fill(inputs, new int[8]);
            return inputs;
        }

        Assert.Equal(Batch(4), Batch(4));
        Assert.NotEqual(Batch(4), Batch(5));
    }

    [Fact]
    public void A_sequence_shorter_than_two_steps_or_a_misshapen_batch_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecallTask(1, seed: 1));
        Assert.Throws<ArgumentException>(() => new RecallTask(5, seed: 1).Fill(new int[9], new int[2]));
    }

    [Fact]
    public void An_lstm_learns_length_5_well_above_chance_and_an_untrained_one_does_not()
    {
        var settings = new VanishingSettings { Lengths = [5], Cells = [CellType.Lstm], HiddenSize = 16, TrainingSteps = 150, LearningRate = 0.01, TestSequences = 256 };
        var network = new RnnNetwork<float>(CellType.Lstm, RecallTask.Vocabulary, settings.HiddenSize, layers: 1);
        network.Initialize(settings.Seed);
        double untrained = VanishingExperiment.Accuracy(network, 5, settings);
        double loss = VanishingExperiment.Train(network, 5, settings);
        double trained = VanishingExperiment.Accuracy(network, 5, settings);
        Assert.InRange(untrained, 0, 0.5); // chance is 0.25
        Assert.True(trained > 0.9, $"held-out accuracy {trained:P1} after training (loss {loss:F3})");
    }

    [Fact]
    public void The_gradient_norms_run_from_the_last_step_to_the_first_and_fade_in_an_untrained_rnn()
    {
        var settings = new VanishingSettings { Lengths = [30], Cells = [CellType.Rnn], HiddenSize = 16 };
        var network = new RnnNetwork<float>(CellType.Rnn, RecallTask.Vocabulary, settings.HiddenSize, layers: 1);
        network.Initialize(settings.Seed);
        double[] norms = VanishingExperiment.GradientNorms(network, 30, settings);
        Assert.Equal(30, norms.Length);
        Assert.All(norms, norm => Assert.True(norm > 0 && double.IsFinite(norm)));
        Assert.True(norms[29] < norms[0] * 1e-3, $"distance 0: {norms[0]:E2}, distance 29: {norms[29]:E2}");
    }
}
