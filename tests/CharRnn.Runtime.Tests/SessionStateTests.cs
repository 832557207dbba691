using CharRnn.CompilerServices;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

/// <summary><see cref="DynamicSession.Hidden"/> and <see cref="DynamicSession.CellState"/>: the live state, read without a copy.</summary>
public class SessionStateTests
{
    [Theory]
    [InlineData(CellType.Rnn, 2)]
    [InlineData(CellType.Lstm, 2)]
    [InlineData(CellType.Gru, 3)]
    public void The_state_after_each_step_is_the_reference_models(CellType cell, int layers)
    {
        ModelFile file = TestModels.Random(hiddenSize: 7, TestModels.Letters, seed: 8, layers: layers, cell: cell);
        var model = new DynamicModel(file);
        var reference = new ReferenceModel(file);
        DynamicSession session = model.CreateSession(new SamplingOptions());
        Assert.Equal(layers * 7, session.Hidden.Length);
        Assert.Equal(cell == CellType.Lstm ? layers * 7 : 0, session.CellState.Length);
        foreach (char letter in "abc\nde ")
        {
            session.Feed([letter]);
            reference.Step(CompilerServices.Vocabulary.IdOf(TestModels.Letters, letter));
            for (int layer = 0; layer < layers; layer++)
            {
                AssertClose(reference.Hidden(layer), session.Hidden.Slice(layer * 7, 7));
                if (cell == CellType.Lstm)
                {
                    AssertClose(reference.Cells(layer), session.CellState.Slice(layer * 7, 7));
                }
            }
        }
    }

    [Fact]
    public void Reading_the_state_allocates_nothing()
    {
        DynamicSession session = new DynamicModel(TestModels.Random(hiddenSize: 5, TestModels.Letters, seed: 9, cell: CellType.Lstm))
            .CreateSession(new SamplingOptions());
        session.Feed("ab");
        float sum = session.Hidden[0] + session.CellState[0];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            sum += session.Hidden[i % 5] + session.CellState[i % 5];
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(float.IsFinite(sum));
    }

    private static void AssertClose(double[] expected, ReadOnlySpan<float> actual)
    {
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], actual[k], 1e-5);
        }
    }
}
