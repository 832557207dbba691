using CharRnn.ModelFormat;
using CharRnn.Training.Cells;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// <see cref="RnnNetwork{T}.Initialize"/>: seeded, uniform in ±scale/√H for every weight matrix, and the scale
/// (<c>--init-scale</c>) shrinks the matrices only, never the biases (the LSTM's forget gate still starts at 1).
/// </summary>
public class InitializationTests
{
    private const int Vocabulary = 7, Hidden = 16, Layers = 2;

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void A_scale_shrinks_every_weight_matrix_by_that_factor_and_leaves_the_biases(CellType cell)
    {
        float[] unit = Initialized(cell, 1f), small = Initialized(cell, 0.1f);
        float bound = 1f / MathF.Sqrt(Hidden);
        int weights = 0, ones = 0;
        for (int i = 0; i < unit.Length; i++)
        {
            if (unit[i] is 0f or 1f)
            {
                Assert.Equal(unit[i], small[i]); // a bias: zero, or the LSTM's forget gate at 1
                ones += unit[i] == 1f ? 1 : 0;
                continue;
            }

            weights++;
            Assert.InRange(MathF.Abs(unit[i]), 0f, bound);
            Assert.Equal(0.1 * unit[i], small[i], 1e-6 * MathF.Abs(unit[i]));
        }

        Assert.Equal(cell == CellType.Lstm ? Layers * Hidden : 0, ones);
        Assert.True(weights > unit.Length / 2, "most parameters are matrix weights");
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_other_weights()
    {
        Assert.Equal(Initialized(CellType.Gru, 1f, seed: 5), Initialized(CellType.Gru, 1f, seed: 5));
        Assert.NotEqual(Initialized(CellType.Gru, 1f, seed: 5), Initialized(CellType.Gru, 1f, seed: 6));
    }

    private static float[] Initialized(CellType cell, float scale, ulong seed = 3)
    {
        var network = new RnnNetwork<float>(cell, Vocabulary, Hidden, Layers);
        network.Initialize(seed, scale);
        return network.Parameters.ToArray();
    }
}
