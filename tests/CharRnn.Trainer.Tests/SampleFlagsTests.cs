using System.Text;
using CharRnn.CommandLine;
using CharRnn.Tests;

namespace CharRnn.Trainer.Tests;

/// <summary><c>charrnn sample</c>'s stop, count, character-set and unknown-character options, on the ConsoleSampler's model.</summary>
public class SampleFlagsTests
{
    private static readonly string ModelPath = Path.Combine(Repository.Root, "samples", "ConsoleSampler", "Models", "shakespeare.charrnn");
    private static readonly Lazy<DynamicModel> Model = new(() => new DynamicModel(ModelFiles.Load(ModelPath)));

    [Fact]
    public void Count_with_a_line_break_stop_prints_one_sample_per_line_as_GenerateMany_draws_them()
    {
        string output = Sample("--seed", "42", "--count", "6", "--stop", @"\n", "--length", "80", "--prime", "I");
        string[] expected = Model.Value.GenerateMany("I", 6, new SamplingOptions { Seed = 42 }, new StopCondition { Characters = "\n", MaxLength = 80 });
        Assert.Equal(string.Concat(expected.Select(sample => "I" + sample + "\n")), output);
        Assert.Equal(6, output.Count(c => c == '\n'));
    }

    [Fact]
    public void Sample_i_is_the_same_whether_8_or_30_are_asked_for()
    {
        string[] few = Sample("--seed", "7", "--count", "8", "--stop", @"\n", "--length", "60").Split('\n');
        string[] many = Sample("--seed", "7", "--count", "30", "--stop", @"\n", "--length", "60").Split('\n');
        Assert.Equal(few[..8], many[..8]);
        Assert.Equal(Sample("--seed", "7", "--stop", @"\n", "--length", "60"), few[0]); // sample 0 is the single sample
    }

    [Fact]
    public void Without_a_line_break_stop_samples_are_separated_by_a_blank_line_unless_told_otherwise()
    {
        string blank = Sample("--seed", "1", "--count", "3", "--length", "40");
        string[] samples = Model.Value.GenerateMany("", 3, new SamplingOptions { Seed = 1 }, new StopCondition { MaxLength = 40 });
        Assert.Equal(string.Concat(samples.Select(sample => sample + "\n\n")), blank);
        Assert.Equal(string.Concat(samples.Select(sample => sample + "|\t")), Sample("--seed", "1", "--count", "3", "--length", "40", "--separator", @"|\t"));
    }

    [Fact]
    public void A_stop_text_ends_the_sample_and_is_printed_only_with_include_stop()
    {
        string with = Sample("--seed", "3", "--stop-text", "the", "--include-stop", "--length", "500");
        string without = Sample("--seed", "3", "--stop-text", "the", "--length", "500");
        Assert.EndsWith("the", with, StringComparison.Ordinal);
        Assert.Equal(with[..^3], without);
        Assert.Equal(1, CountOf(with, "the"));
    }

    [Fact]
    public void Allow_and_deny_limit_the_characters_drawn_but_not_the_prime()
    {
        string allowed = Sample("--seed", "4", "--allow", @"abcde \n", "--length", "300", "--prime", "XYZ");
        Assert.StartsWith("XYZ", allowed, StringComparison.Ordinal);
        Assert.All(allowed[3..], c => Assert.Contains(c, "abcde \n"));
        string denied = Sample("--seed", "4", "--deny", @"e\x65E", "--length", "300");
        Assert.DoesNotContain('e', denied);
        Assert.DoesNotContain('E', denied);
    }

    [Fact]
    public void Unknown_prime_characters_are_skipped_or_replaced_and_the_prime_is_printed_as_given()
    {
        string skipped = Sample("--seed", "5", "--prime", "RO§MEO", "--unknown", "skip", "--length", "100");
        Assert.Equal("RO§MEO" + Sample("--seed", "5", "--prime", "ROMEO", "--length", "100")[5..], skipped);
        string replaced = Sample("--seed", "5", "--prime", "RO§MEO", "--unknown", "replace", "--replacement", " ", "--length", "100");
        Assert.Equal("RO§MEO" + Sample("--seed", "5", "--prime", "RO MEO", "--length", "100")[6..], replaced);
    }

    [Theory]
    [InlineData("--count 0", "--count is '0'; it must be a whole number, at least 1", 2)]
    [InlineData("--count -3", "--count is '-3'", 2)]
    [InlineData("--stop <empty>", "--stop is empty", 2)]
    [InlineData("--stop-text=abcd --length 3", "--stop-text is longer than --length (3)", 2)]
    [InlineData("--allow xyz§", "--allow: The allowed characters include '§' (U+00A7) at index 3, which is not in the model's vocabulary", 1)]
    [InlineData("--deny <empty>", "", 0)]
    [InlineData("--allow a --deny b", "--allow and --deny are both given", 2)]
    [InlineData("--unknown replace", "--unknown replace needs --replacement", 2)]
    [InlineData("--replacement x", "--replacement is given without --unknown replace", 2)]
    [InlineData("--unknown replace --replacement xy", "--replacement is 'xy'; it must be exactly one character", 2)]
    [InlineData("--unknown replace --replacement §", "--replacement: The replacement for unknown prompt characters, '§' (U+00A7), is not in the model's vocabulary", 1)]
    [InlineData("--unknown maybe", "--unknown is 'maybe'; it must be refuse, skip or replace", 2)]
    [InlineData(@"--stop \q", @"--stop has the escape '\q' at index 0", 2)]
    [InlineData("--prime ab§", "--prime: The prompt's character '§' (U+00A7) at index 2 is not in the model's vocabulary", 1)]
    public void Bad_options_are_refused_with_one_line_before_any_output(string options, string expected, int exitCode)
    {
        string[] args = ["sample", "--model", ModelPath, .. options.Split(' ').Select(arg => arg == "<empty>" ? "" : arg)];
        if (expected == "")
        {
            Assert.Equal(0, CliTests.Run(args).Exit); // an empty denied set denies nothing
            return;
        }

        Assert.Contains(expected, CliTests.AssertFails(args), StringComparison.Ordinal);
        Assert.Equal(exitCode, CliTests.Run(args).Exit); // 2: the command line; 1: a value the model cannot take
    }

    [Theory]
    [InlineData(@"a\nb\tc\rd\0e", "a\nb\tc\rd\0e")]
    [InlineData(@"\\ \"" \'", "\\ \" '")]
    [InlineData(@"\x41\u00e9\U0001F600", "Aé😀")]
    [InlineData("plain ü", "plain ü")]
    public void Escapes_decode_to_the_characters_they_name(string text, string expected)
    {
        Assert.Equal(expected, EscapedText.Decode(text, out string? error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData(@"a\", @"'\' at index 1")]
    [InlineData(@"\x4", @"'\x4' at index 0")]
    [InlineData(@"\xZZ", @"'\xZZ' at index 0")]
    [InlineData(@"\uD800", @"'\uD800' at index 0")]
    [InlineData(@"\U00110000", @"'\U00110000' at index 0")]
    [InlineData(@"ok\a", @"'\a' at index 2")]
    public void A_bad_escape_is_named_with_its_index(string text, string expected)
    {
        Assert.Null(EscapedText.Decode(text, out string? error));
        Assert.Contains(expected, error);
    }

    private static string Sample(params string[] options)
    {
        (int exit, string output, string error) = CliTests.Run(["sample", "--model", ModelPath, .. options]);
        Assert.True(exit == 0, error);
        return output;
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
