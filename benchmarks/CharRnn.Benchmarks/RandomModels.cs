using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>One-layer models of 65 characters with random weights in ±0.1: what a step costs does not depend on them.</summary>
internal static class RandomModels
{
    public static ModelFile Create(CellType cell, int hidden)
    {
        int[] vocabulary = [10, .. Enumerable.Range(32, 64)];
        var random = new Random(1);
        var weights = new float[ModelSchema.ParameterCount(cell, 1, hidden, vocabulary.Length)];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (random.NextSingle() - 0.5f) * 0.2f;
        }

        return new ModelFile(cell, 1, hidden, vocabulary, weights, new TrainingFacts("random", 0, 0, 0, 1));
    }
}
