using System.Text;

namespace CharRnn.Runtime.Tests;

// SamplingOptions and GenerationResult write out their equality and printing (to keep enum reflection out of
// NativeAOT apps): every member must still take part, as in a compiler-made record.
public class OptionRecordsTests
{
    private static readonly SamplingOptions Base = new()
    {
        Seed = 1, Temperature = 0.5f, TopK = 3, AllowedCharacters = "ab", UnknownCharacters = UnknownCharacterPolicy.Replace,
        Replacement = new Rune('a'),
    };

    public static TheoryData<string> Changes() =>
        ["Seed", "Temperature", "TopK", "Greedy", "AllowedCharacters", "DeniedCharacters", "UnknownCharacters", "Replacement"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Options_that_differ_in_any_member_are_not_equal(string member)
    {
        SamplingOptions other = member switch
        {
            "Seed" => Base with { Seed = 2 },
            "Temperature" => Base with { Temperature = 0.6f },
            "TopK" => Base with { TopK = 4 },
            "Greedy" => Base with { Greedy = true },
            "AllowedCharacters" => Base with { AllowedCharacters = "abc" },
            "DeniedCharacters" => Base with { DeniedCharacters = "z" },
            "UnknownCharacters" => Base with { UnknownCharacters = UnknownCharacterPolicy.Skip },
            _ => Base with { Replacement = new Rune('b') },
        };
        Assert.NotEqual(Base, other);
        Assert.Equal(Base, Base with { AllowedCharacters = new string("ab".ToCharArray()) });
        Assert.Equal(Base.GetHashCode(), (Base with { }).GetHashCode());
    }

    [Fact]
    public void Options_and_results_print_every_member_with_enum_names()
    {
        Assert.Equal(
            "SamplingOptions { Seed = 1, Temperature = 0.5, TopK = 3, Greedy = False, AllowedCharacters = ab, "
            + "DeniedCharacters = , UnknownCharacters = Replace, Replacement = a }",
            Base.ToString());
        var result = new GenerationResult(12, StopReason.StopText);
        Assert.Equal("GenerationResult { Written = 12, Reason = StopText }", result.ToString());
        Assert.Equal(result, new GenerationResult(12, StopReason.StopText));
        Assert.NotEqual(result, new GenerationResult(12, StopReason.Length));
        Assert.NotEqual(result, new GenerationResult(11, StopReason.StopText));
    }
}
