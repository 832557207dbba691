using System.Text;
using CharRnn.CompilerServices;

namespace CharRnn.Runtime.Tests;

public class CharacterMaskTests
{
    private static readonly DynamicModel Model =
        new(TestModels.Random(hiddenSize: 16, TestModels.Letters, seed: 8, layers: 1, scale: 1.5f, cell: CellType.Lstm));

    [Fact]
    public void A_masked_id_is_never_drawn_even_when_it_has_the_largest_logit()
    {
        bool[] drawable = [true, false, true, true];
        var random = new CharRnnRandom(4);
        var seen = new HashSet<int>();
        for (int draw = 0; draw < 3000; draw++)
        {
            float[] logits = [0f, 9f, 0.5f, 1f];
            seen.Add(Sampler.Choose(logits, new float[4], drawable, new SamplingOptions { Temperature = 2f }, ref random));
        }

        Assert.Equal([0, 2, 3], seen.Order());
    }

    [Fact]
    public void A_masked_id_weighs_zero_so_a_draw_of_zero_does_not_take_it()
    {
        // Seed 15115159's first uniform draw is exactly 0: the first id with a positive weight is taken, and Exp clamps
        // its input, so Exp(−∞) would be a positive weight.
        Assert.Equal(0f, new CharRnnRandom(15115159).NextSingle());
        // 17 ids: the masked id 0 is weighed in a vector at every width, and the last id in the scalar tail.
        float[] logits = new float[17];
        logits[0] = 5f;
        bool[] drawable = Enumerable.Range(0, 17).Select(id => id > 0).ToArray();
        var random = new CharRnnRandom(15115159);
        Assert.Equal(1, Sampler.Choose(logits, new float[17], drawable, new SamplingOptions(), ref random));
        random = new CharRnnRandom(15115159);
        // Top-k beyond the drawable ids keeps masked ids as ties at −∞; they weigh 0 too.
        Assert.Equal(2, Sampler.Choose([5f, 1f, 1f], new float[3], [false, false, true], new SamplingOptions { TopK = 2 }, ref random));
    }

    [Fact]
    public void The_mask_applies_before_top_k_and_greedy()
    {
        bool[] drawable = [true, false, false, true, true];
        var random = new CharRnnRandom(1);
        float[] logits = [0f, 5f, 4f, 1f, 2f];
        Assert.Equal(4, Sampler.Choose(logits, new float[5], drawable, new SamplingOptions { TopK = 1 }, ref random));
        logits = [0f, 5f, 4f, 2f, 2f];
        Assert.Equal(3, Sampler.Choose(logits, new float[5], drawable, new SamplingOptions { Greedy = true }, ref random));
    }

    [Fact]
    public void Masking_draws_exactly_one_random_number_per_character_as_without_a_mask()
    {
        var masked = new CharRnnRandom(6);
        var plain = new CharRnnRandom(6);
        bool[] drawable = [false, true, true];
        for (int draw = 0; draw < 50; draw++)
        {
            Sampler.Choose(new float[] { 3f, 1f, 0f }, new float[3], drawable, new SamplingOptions { TopK = 2 }, ref masked);
            Sampler.Choose(new float[] { 3f, 1f, 0f }, new float[3], new SamplingOptions { TopK = 2 }, ref plain);
        }

        Assert.Equal(plain.NextUInt64(), masked.NextUInt64());
    }

    [Fact]
    public void When_every_weight_rounds_to_nothing_the_first_drawable_id_is_taken()
    {
        var random = new CharRnnRandom(2);
        float[] logits = [float.NaN, float.NaN, float.NaN];
        Assert.Equal(1, Sampler.Choose(logits, new float[3], [false, true, true], new SamplingOptions(), ref random));
    }

    [Theory]
    [InlineData("ab\n", null)]
    [InlineData(null, "abe\u00E9")]
    public void A_session_with_a_character_set_draws_only_what_it_allows(string? allowed, string? denied)
    {
        var options = new SamplingOptions { Seed = 9, Temperature = 2f, AllowedCharacters = allowed, DeniedCharacters = denied };
        string text = StopConditionTests.Plain(options, "cd", 3000, Model);
        HashSet<int> drawn = text.EnumerateRunes().Select(r => r.Value).ToHashSet();
        HashSet<int> permitted = allowed is not null
            ? allowed.EnumerateRunes().Select(r => r.Value).ToHashSet()
            : TestModels.Letters.Except(denied!.EnumerateRunes().Select(r => r.Value)).ToHashSet();
        Assert.Subset(permitted, drawn);
        Assert.True(drawn.Count >= 2, "a hot sampler should use more than one permitted character");
    }

    [Theory]
    [InlineData("abz", null, "The allowed characters include 'z' (U+007A) at index 2, which is not in the model's vocabulary")]
    [InlineData(null, "\u00E9q", "The denied characters include 'q' (U+0071) at index 1")]
    [InlineData("", null, "The allowed characters are empty, which leaves nothing to draw")]
    [InlineData(null, "\nab cde\u00E9\U0001F600", "The denied characters cover the whole vocabulary")]
    [InlineData("a", "b", "Both AllowedCharacters and DeniedCharacters are set")]
    public void A_character_set_that_does_not_fit_the_model_is_refused_when_the_session_starts(string? allowed, string? denied, string expected)
    {
        var options = new SamplingOptions { AllowedCharacters = allowed, DeniedCharacters = denied };
        var error = Assert.Throws<ArgumentException>(() => Model.CreateSession(options));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Skipping_an_unknown_prompt_character_feeds_the_rest_and_replacing_feeds_the_replacement()
    {
        var skip = new SamplingOptions { Seed = 3, UnknownCharacters = UnknownCharacterPolicy.Skip };
        Assert.Equal(StopConditionTests.Plain(skip, "abcd", 200, Model), StopConditionTests.Plain(skip, "ab§cdz", 200, Model));

        var replace = new SamplingOptions { Seed = 3, UnknownCharacters = UnknownCharacterPolicy.Replace, Replacement = new Rune(' ') };
        Assert.Equal(StopConditionTests.Plain(replace, "ab cd ", 200, Model), StopConditionTests.Plain(replace, "ab§cdz", 200, Model));
    }

    [Fact]
    public void Refusing_is_the_default_and_the_error_names_the_character_its_index_and_the_fixes()
    {
        var error = Assert.Throws<ArgumentException>(() => Model.CreateSession(new SamplingOptions()).Feed("ab§"));
        Assert.Contains("'§' (U+00A7) at index 2 is not in the model's vocabulary; remove it, skip or replace unknown characters", error.Message);
    }

    [Fact]
    public void A_replacement_outside_the_vocabulary_or_an_unknown_policy_is_refused_when_the_session_starts()
    {
        var outside = new SamplingOptions { UnknownCharacters = UnknownCharacterPolicy.Replace, Replacement = new Rune('?') };
        Assert.Contains("'?' (U+003F), is not in the model's vocabulary", Assert.Throws<ArgumentException>(() => Model.CreateSession(outside)).Message);
        var unknown = new SamplingOptions { UnknownCharacters = (UnknownCharacterPolicy)7 };
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.CreateSession(unknown));
    }
}
