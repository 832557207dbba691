using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

/// <summary>Every cell's float step, through DynamicModel, against the double-precision equations.</summary>
public class CellStepTests
{
    public static TheoryData<CellType, int> CellsAndLayers => EveryCell.WithLayers(1, 2, 4);

    [Theory]
    [MemberData(nameof(CellsAndLayers))]
    public void Each_step_agrees_with_the_double_precision_equations(CellType cell, int layers)
    {
        // Hidden size 19: not a multiple of any vector width, so the tails run too.
        ModelFile file = TestModels.Random(hiddenSize: 19, TestModels.Letters, seed: 3 + layers, layers: layers, scale: 0.8f, cell: cell);
        var model = new DynamicModel(file);
        var reference = new ReferenceModel(file);
        DynamicState state = model.CreateState();
        var logits = new float[file.VocabularySize];
        // Float rounding alone stays below about 8e-7 here; a wrong gate order or a missing term is off by 1e-2 or more.
        int[] ids = [2, 5, 0, 8, 8, 3, 1, 7, 4, 6, 2, 2, 0, 5, 3, 8, 1, 4, 6, 7];
        foreach (int id in ids)
        {
            // Each step starts from the same state on both sides: the recurrence would otherwise amplify
            // earlier rounding, and the check is of the step's equations.
            reference.Load(state.Hidden, state.Cells);
            model.Step(id, state);
            reference.Step(id);
            for (int layer = 0; layer < layers; layer++)
            {
                AssertClose(reference.Hidden(layer), state.Hidden.AsSpan(layer * 19, 19).ToArray(), 1.5e-6);
            }

            model.Output(state, logits);
            AssertClose(reference.Logits(), logits, 2e-6);
        }
    }

    [Theory]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Gated_cells_saturate_without_NaN_when_pre_activations_are_in_the_thousands(CellType cell)
    {
        ModelFile file = TestModels.Random(hiddenSize: 9, TestModels.Letters, seed: 2, layers: 2, scale: 1000f, cell: cell);
        var model = new DynamicModel(file);
        DynamicState state = model.CreateState();
        var logits = new float[file.VocabularySize];
        for (int id = 0; id < file.VocabularySize; id++)
        {
            model.Step(id, state);
        }

        Assert.All(state.Hidden, h => Assert.InRange(h, -1f, 1f));
        model.Output(state, logits);
        Assert.All(logits, y => Assert.False(float.IsNaN(y)));
    }

    private static void AssertClose(double[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
