using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

/// <summary>Small models with seeded random weights for format and inference tests.</summary>
internal static class TestModels
{
    /// <summary>A small vocabulary with a line break, a space, a Latin-1 letter and a character outside the BMP.</summary>
    public static readonly int[] Letters = [10, 32, 'a', 'b', 'c', 'd', 'e', 0xE9, 0x1F600];

    public static ModelFile Random(
        int hiddenSize, int[] vocabulary, int seed, int layers = 1, float scale = 0.5f, CellType cell = CellType.Rnn)
    {
        var random = new Random(seed);
        var weights = new float[ModelSchema.ParameterCount(cell, layers, hiddenSize, vocabulary.Length)];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        return new ModelFile(cell, layers, hiddenSize, vocabulary, weights,
            new TrainingFacts("test.txt", 1234, 1.5, 1.75, (ulong)seed));
    }

    /// <summary>A copy of <paramref name="model"/> whose weights <paramref name="edit"/> changed (a model file is immutable).</summary>
    public static ModelFile WithWeights(ModelFile model, Action<float[]> edit)
    {
        float[] weights = model.Weights.ToArray();
        edit(weights);
        return new ModelFile(model.Cell, model.Layers, model.HiddenSize, model.Vocabulary.AsSpan(), weights, model.Facts);
    }
}
