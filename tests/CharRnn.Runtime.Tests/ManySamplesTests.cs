namespace CharRnn.Runtime.Tests;

public class ManySamplesTests
{
    private static readonly DynamicModel Model =
        new(TestModels.Random(hiddenSize: 16, TestModels.Letters, seed: 9, layers: 2, scale: 1.5f, cell: CellType.Rnn));

    private static readonly StopCondition Line = new() { Characters = "\n", MaxLength = 60 };

    [Theory]
    [InlineData(42UL, 0, 42UL)]
    [InlineData(42UL, 1, 0x6bb150a2df30d29bUL)]
    [InlineData(42UL, 7, 0x7bc9bd001cbe12a9UL)]
    [InlineData(0UL, 1, 0x8209b480faed1b10UL)]
    [InlineData(ulong.MaxValue, int.MaxValue, 0x027b51a49503348eUL)]
    public void Each_sample_seed_is_the_documented_mix_of_seed_and_index(ulong seed, int index, ulong expected)
    {
        // Expected values computed with Python integers from the rule in docs/determinism.md.
        Assert.Equal(expected, new SamplingOptions { Seed = seed }.ForSample(index).Seed);
    }

    [Fact]
    public void Sample_i_is_the_same_whatever_the_count_and_sample_0_is_the_single_sample()
    {
        var options = new SamplingOptions { Seed = 42, TopK = 5 };
        string[] few = Model.GenerateMany("a", 8, options, Line);
        string[] many = Model.GenerateMany("a", 30, options, Line);
        Assert.Equal(few, many[..8]);
        Assert.True(many.Distinct().Count() > 20, "derived streams should give different samples");

        DynamicSession single = Model.CreateSession(options);
        single.Feed("a");
        char[] buffer = new char[200];
        Assert.Equal(few[0], new string(buffer, 0, single.Generate(buffer, Line).Written));
        Assert.DoesNotContain(many, sample => sample.Contains('\n'));
    }

    [Fact]
    public void Sample_i_is_a_fresh_session_with_the_derived_seed()
    {
        var options = new SamplingOptions { Seed = 5, Temperature = 0.8f };
        string[] samples = Model.GenerateMany("ba", 4, options, Line);
        DynamicSession third = Model.CreateSession(options.ForSample(3));
        third.Feed("ba");
        char[] buffer = new char[200];
        Assert.Equal(samples[3], new string(buffer, 0, third.Generate(buffer, Line).Written));
    }

    [Fact]
    public void A_count_below_one_a_negative_index_or_no_MaxLength_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.GenerateMany("", 0, new SamplingOptions(), Line));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions().ForSample(-1));
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => Model.GenerateMany("", 3, new SamplingOptions(), new StopCondition { Characters = "\n" }));
        Assert.Contains("MaxLength above 0", error.Message);
    }
}
