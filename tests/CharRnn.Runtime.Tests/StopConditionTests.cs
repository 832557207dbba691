using System.Text;

namespace CharRnn.Runtime.Tests;

public class StopConditionTests
{
    private static readonly DynamicModel Model =
        new(TestModels.Random(hiddenSize: 16, TestModels.Letters, seed: 7, layers: 2, scale: 1.5f, cell: CellType.Gru));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Generation_ends_at_the_first_stop_character_and_keeps_it_only_when_asked(bool includeStop)
    {
        var options = new SamplingOptions { Seed = 11 };
        string plain = Plain(options, "ab", 400);
        int stopAt = plain.IndexOfAny(['d', 'e']);
        Assert.InRange(stopAt, 1, 300); // the model must reach a stop for the test to mean anything

        var stop = new StopCondition { Characters = "ed", IncludeStop = includeStop };
        (string text, GenerationResult result) = Generate(options, "ab", stop, 400);

        Assert.Equal(StopReason.StopCharacter, result.Reason);
        Assert.Equal(plain[..(includeStop ? stopAt + 1 : stopAt)], text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_stop_text_spanning_several_draws_ends_generation_where_it_first_completes(bool includeStop)
    {
        var options = new SamplingOptions { Seed = 3, Temperature = 1.2f };
        string plain = Plain(options, "", 2000);
        string stopText = string.Concat(plain.EnumerateRunes().Skip(120).Take(3)); // a text the stream is known to produce
        int end = plain.IndexOf(stopText, StringComparison.Ordinal) + stopText.Length;

        (string text, GenerationResult result) = Generate(options, "", new StopCondition { Text = stopText, IncludeStop = includeStop }, 2000);

        Assert.Equal(StopReason.StopText, result.Reason);
        Assert.Equal(plain[..(includeStop ? end : end - stopText.Length)], text);
    }

    [Fact]
    public void MaxLength_counts_characters_drawn_not_UTF16_chars()
    {
        // Letters holds U+1F600, two UTF-16 chars: the limit is on model steps.
        var options = new SamplingOptions { Seed = 5, Temperature = 3f };
        string plain = Plain(options, "a", 300);
        (string text, GenerationResult result) = Generate(options, "a", new StopCondition { MaxLength = 300 }, 1000);

        Assert.Equal(StopReason.Length, result.Reason);
        Assert.Equal(plain, text);
        Assert.Equal(300, text.EnumerateRunes().Count());
        Assert.True(text.Length > 300, "the sample should hold a character outside the BMP");
    }

    [Fact]
    public void A_full_destination_ends_generation_with_Length()
    {
        var options = new SamplingOptions { Seed = 5, Temperature = 3f };
        string plain = Plain(options, "", 40);
        (string text, GenerationResult result) = Generate(options, "", new StopCondition { Characters = "\n" }, 9);

        Assert.Equal(StopReason.Length, result.Reason);
        string fits = "";
        foreach (Rune rune in plain.EnumerateRunes().TakeWhile(rune => rune.Value != '\n'))
        {
            if (fits.Length + rune.Utf16SequenceLength > 9)
            {
                break;
            }

            fits += rune.ToString();
        }

        Assert.Equal(fits, text);
    }

    [Fact]
    public void Generate_continues_the_session_where_the_last_stop_left_it()
    {
        var options = new SamplingOptions { Seed = 21 };
        string plain = Plain(options, "c", 600);
        DynamicSession session = Model.CreateSession(options);
        session.Feed("c");
        var stop = new StopCondition { Characters = "a", IncludeStop = true, MaxLength = 200 };
        var joined = new StringBuilder();
        char[] buffer = new char[400];
        for (int part = 0; part < 4; part++)
        {
            joined.Append(buffer, 0, session.Generate(buffer, stop).Written);
        }

        Assert.StartsWith(joined.ToString(), plain, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null, 0, "stop characters are empty")]
    [InlineData(null, "", 0, "stop text is empty")]
    [InlineData(null, "abcd", 3, "more than MaxLength (3)")]
    public void A_stop_condition_that_can_never_work_is_refused_before_any_draw(string? characters, string? text, int maxLength, string expected)
    {
        DynamicSession session = Model.CreateSession(new SamplingOptions { Seed = 1 });
        var stop = new StopCondition { Characters = characters, Text = text, MaxLength = maxLength };
        var error = Assert.Throws<ArgumentException>(() => session.Generate(new char[50], stop));
        Assert.Contains(expected, error.Message);
        Assert.Equal(Plain(new SamplingOptions { Seed = 1 }, "", 1), session.Next().ToString()); // nothing was drawn
    }

    [Fact]
    public void A_lone_surrogate_among_the_stop_characters_is_refused()
    {
        var stop = new StopCondition { Characters = "a" + (char)0xD800 };
        var error = Assert.Throws<ArgumentException>(() => Model.CreateSession(new SamplingOptions()).Generate(new char[50], stop));
        Assert.Contains("lone surrogate (U+D800) at index 1", error.Message);
    }

    [Fact]
    public void A_negative_MaxLength_and_a_stop_text_longer_than_the_destination_are_refused()
    {
        DynamicSession session = Model.CreateSession(new SamplingOptions());
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Generate(new char[10], new StopCondition { MaxLength = -1 }));
        var error = Assert.Throws<ArgumentException>(() => session.Generate(new char[2], new StopCondition { Text = "abc" }));
        Assert.Contains("more than the destination holds (2)", error.Message);
    }

    [Fact]
    public void Generating_with_a_stop_and_a_mask_allocates_nothing()
    {
        DynamicSession session = Model.CreateSession(new SamplingOptions { Seed = 2, TopK = 3, DeniedCharacters = "e" });
        var stop = new StopCondition { Characters = "\n", Text = "ab", MaxLength = 100 };
        Span<char> buffer = stackalloc char[256];
        session.Generate(buffer, stop);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            session.Generate(buffer, stop);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>What <paramref name="count"/> calls of Next give: the text every stop rule is checked against.</summary>
    internal static string Plain(SamplingOptions options, string prompt, int count, DynamicModel? model = null)
    {
        DynamicSession session = (model ?? Model).CreateSession(options);
        session.Feed(prompt);
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append(session.Next().ToString());
        }

        return text.ToString();
    }

    private static (string Text, GenerationResult Result) Generate(SamplingOptions options, string prompt, StopCondition stop, int destination)
    {
        DynamicSession session = Model.CreateSession(options);
        session.Feed(prompt);
        char[] buffer = new char[destination];
        GenerationResult result = session.Generate(buffer, stop);
        return (new string(buffer, 0, result.Written), result);
    }
}
