namespace CharRnn.Sampler.Tests;

/// <summary>
/// The NameGenerator app, run in this process: its names are the baked and the loaded model's
/// <c>GenerateMany</c>, pinned in <c>names-*.snap</c>; bad options get one line on stderr.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public class NameGeneratorTests
{
    public static TheoryData<string> Cases() => [.. NamesCase.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Printed_names_are_GenerateMany_and_match_the_snapshot(string name)
    {
        NamesCase names = NamesCase.All.Single(c => c.Name == name);
        (int exit, string output, string error) = NameGeneratorApp.Run(names.Arguments);
        Assert.True(exit == 0, error);
        Assert.Equal("", error);

        string prompt = "\n" + names.Prefix;
        string[] baked = NameGeneratorModel.GenerateMany(prompt, names.Count, names.Options, NamesCase.OneName);
        Assert.Equal(baked, NameGeneratorModel.Dynamic.GenerateMany(prompt, names.Count, names.Options, NamesCase.OneName));
        Assert.Equal(string.Concat(baked.Select(sample => names.Prefix + sample + "\n")), output);
        PinnedSnapshot.Match(
            new { names.Arguments, Charrnn = names.CharrnnArguments(), Names = output.Split('\n')[..^1] }, "names-" + name);
    }

    [Fact]
    public void Name_i_is_the_same_whatever_the_count()
    {
        string[] few = NameGeneratorApp.Run("--seed", "11", "--count", "3").Output.Split('\n');
        string[] many = NameGeneratorApp.Run("--seed", "11", "--count", "40").Output.Split('\n');
        Assert.Equal(few[..3], many[..3]);
    }

    [Fact]
    public void Help_prints_the_usage_and_exits_0()
    {
        (int exit, string output, string error) = NameGeneratorApp.Run("--help");
        Assert.Equal(0, exit);
        Assert.StartsWith("Usage: NameGenerator", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("--bogus", 2, "unknown option or argument '--bogus'")]
    [InlineData("--count 0", 2, "--count is '0'; it must be a whole number, at least 1")]
    [InlineData("--count 1000001", 2, "--count is '1000001'; it must be at most 1000000")]
    [InlineData("--seed -1", 2, "--seed is '-1'")]
    [InlineData("--temperature 0", 2, "--temperature is '0'")]
    [InlineData("--top-k", 2, "option --top-k needs a value")]
    [InlineData("--allow a --deny b", 2, "--allow and --deny are both given")]
    [InlineData("--unknown maybe", 2, "--unknown is 'maybe'")]
    [InlineData(@"--allow \q", 2, @"--allow has the escape '\q' at index 0")]
    [InlineData("--prefix a<lf>b", 2, "--prefix has a line feed")]
    [InlineData("--stop x", 2, "unknown option or argument '--stop'")]
    [InlineData("--prefix Ab§", 1, "--prefix: The prompt's character '§' (U+00A7) at index 2 is not in the model's vocabulary")]
    [InlineData("--allow ab§", 1, "--allow: The allowed characters include '§' (U+00A7) at index 2")]
    [InlineData("--unknown replace --replacement §", 1, "--replacement: The replacement for unknown prompt characters, '§'")]
    public void Bad_options_get_one_line_on_stderr_and_no_names(string options, int exitCode, string expected)
    {
        (int exit, string output, string error) = NameGeneratorApp.Run(options.Replace("<lf>", "\n").Split(' '));
        Assert.Equal(exitCode, exit);
        Assert.Equal("", output);
        Assert.StartsWith("NameGenerator: error: " + expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }
}
