using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

/// <summary>Small models with seeded random weights for format and inference tests.</summary>
internal static class TestModels
{
    public static ModelFile Random(int hiddenSize, int[] vocabulary, int seed, int layers = 1, float scale = 0.5f)
    {
        var random = new Random(seed);
        var weights = new float[ModelSchema.ParameterCount(CellType.Rnn, layers, hiddenSize, vocabulary.Length)];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        return new ModelFile(CellType.Rnn, layers, hiddenSize, vocabulary, weights,
            new TrainingFacts("test.txt", 1234, 1.5, 1.75, (ulong)seed));
    }
}
