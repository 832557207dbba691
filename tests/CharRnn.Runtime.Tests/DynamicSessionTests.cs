using System.Text;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

public class DynamicSessionTests
{
    public static TheoryData<CellType, int> CellsAndLayers => new()
    {
        { CellType.Rnn, 1 }, { CellType.Rnn, 2 }, { CellType.Lstm, 1 }, { CellType.Lstm, 3 }, { CellType.Gru, 1 }, { CellType.Gru, 4 },
    };

    [Theory]
    [MemberData(nameof(CellsAndLayers))]
    public void Same_seed_gives_the_same_text_and_another_seed_other_text(CellType cell, int layers)
    {
        var model = new DynamicModel(TestModels.Random(hiddenSize: 16, TestModels.Letters, seed: 1, layers: layers, scale: 1.5f, cell: cell));
        string first = Sample(model, new SamplingOptions { Seed = 4 }, "abc", 300);
        Assert.Equal(first, Sample(model, new SamplingOptions { Seed = 4 }, "abc", 300));
        Assert.NotEqual(first, Sample(model, new SamplingOptions { Seed = 5 }, "abc", 300));
    }

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Generating_allocates_nothing_after_warm_up(CellType cell)
    {
        var model = new DynamicModel(TestModels.Random(hiddenSize: 33, TestModels.Letters, seed: 2, layers: 2, cell: cell));
        DynamicSession session = model.CreateSession(new SamplingOptions { Seed = 1, TopK = 4 });
        session.Feed("abc");
        session.Next();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5000; i++)
        {
            session.Next();
        }

        session.Feed("dé😀");
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_prompt_character_outside_the_vocabulary_is_named_in_the_error()
    {
        var model = new DynamicModel(TestModels.Random(hiddenSize: 4, TestModels.Letters, seed: 3));
        var error = Assert.Throws<ArgumentException>(() => model.CreateSession(new SamplingOptions()).Feed("abz"));
        Assert.Contains("'z' (U+007A) at index 2", error.Message);
    }

    [Fact]
    public void A_lone_surrogate_in_the_prompt_is_refused()
    {
        var model = new DynamicModel(TestModels.Random(hiddenSize: 4, TestModels.Letters, seed: 3));
        var error = Assert.Throws<ArgumentException>(() => model.CreateSession(new SamplingOptions()).Feed("a\uD83D"));
        Assert.Contains("lone surrogate", error.Message);
    }

    [Fact]
    public void Greedy_sampling_ignores_the_seed()
    {
        var model = new DynamicModel(TestModels.Random(hiddenSize: 8, TestModels.Letters, seed: 6));
        Assert.Equal(
            Sample(model, new SamplingOptions { Greedy = true, Seed = 1 }, "", 100),
            Sample(model, new SamplingOptions { Greedy = true, Seed = 2 }, "", 100));
    }

    internal static string Sample(DynamicModel model, SamplingOptions options, string prompt, int length)
    {
        DynamicSession session = model.CreateSession(options);
        session.Feed(prompt);
        var text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            text.Append(session.Next().ToString());
        }

        return text.ToString();
    }
}
