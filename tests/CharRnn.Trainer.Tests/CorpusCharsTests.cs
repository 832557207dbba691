using CharRnn.ModelFormat;
using CharRnn.Training;
using CharRnn.Training.Corpus;

namespace CharRnn.Trainer.Tests;

/// <summary><c>--corpus-chars N</c>: the first N Unicode scalar values of the text as the trainer reads it.</summary>
public class CorpusCharsTests
{
    [Fact]
    public void Characters_are_counted_after_the_bom_is_dropped_and_line_ends_become_lf_one_scalar_per_astral_character()
    {
        using var files = new TestFiles();
        string path = files.Write("mixed.txt", "\uFEFFa\r\nb\U0001F600c\rd");
        Assert.Equal(['a', '\n', 'b', 0x1F600, 'c', '\n', 'd'], CorpusReader.Read(path, null));
        Assert.Equal(['a', '\n', 'b', 0x1F600], CorpusReader.Read(path, 4)); // CRLF is one character, 😀 one (two UTF-16 units)
        Assert.Equal(CorpusReader.Read(path, null), CorpusReader.Read(path, 7));
    }

    [Fact]
    public void More_characters_than_the_file_has_is_an_error_naming_both_counts()
    {
        using var files = new TestFiles();
        string path = files.Write("short.txt", "ab\r\ncd");
        CorpusException e = Assert.Throws<CorpusException>(() => CorpusReader.Read(path, 6));
        Assert.Equal($"--corpus-chars 6 is more than the 5 characters of corpus file '{path}'; lower --corpus-chars or leave it out to use the whole file", e.Message);
    }

    [Fact]
    public void A_run_trains_on_the_first_characters_only()
    {
        using var files = new TestFiles();
        // The characters after the slice appear nowhere in it, so the vocabulary shows where the text was cut.
        string corpus = files.Write("tail.txt", TestFiles.PatternText + "XYZ" + TestFiles.PatternText);
        var log = new StringWriter();
        var options = new TrainingOptions
        {
            CorpusPath = corpus, OutputPath = files.PathOf("m.charrnn"), CorpusChars = TestFiles.PatternText.Length + 1,
            HiddenSize = 8, SeqLength = 16, BatchSize = 4, MaxSteps = 2, SampleEvery = 0,
        };
        new CharRnnTrainer(options, log).Run(CancellationToken.None);

        int[] vocabulary = [.. ModelFiles.Load(options.OutputPath).Vocabulary];
        Assert.Contains((int)'X', vocabulary);
        Assert.DoesNotContain((int)'Y', vocabulary);
        Assert.Contains($"corpus tail.txt (its first {options.CorpusChars} characters): {options.CorpusChars} characters,", log.ToString());
    }

    [Fact]
    public void A_slice_too_short_for_one_batch_says_to_raise_corpus_chars()
    {
        using var files = new TestFiles();
        var options = new TrainingOptions
        {
            CorpusPath = files.Write("pattern.txt", TestFiles.PatternText), OutputPath = files.PathOf("m.charrnn"), CorpusChars = 100,
        };
        CorpusException e = Assert.Throws<CorpusException>(() => new CharRnnTrainer(options, TextWriter.Null).Run(CancellationToken.None));
        Assert.EndsWith("needs at least 801; raise --corpus-chars or lower --batch-size or --seq-length", e.Message); // 32 × the rnn's 25, +1
    }

    [Theory]
    [InlineData("0", "--corpus-chars is 0; it must be at least 1")]
    [InlineData("-5", "--corpus-chars is -5; it must be at least 1")]
    [InlineData("1e3", "--corpus-chars is '1e3'; it must be a whole number")]
    [InlineData("3000000000", "--corpus-chars is '3000000000'; it must be a whole number")]
    [InlineData("", "--corpus-chars is ''; it must be a whole number")]
    public void The_command_rejects_nonsense_counts(string value, string message)
    {
        using var files = new TestFiles();
        CommandLineErrors.AssertRejected(files, message, "train", "--out", files.PathOf("m.charrnn"), "--corpus-chars", value);
    }

    [Fact]
    public void The_command_rejects_a_count_beyond_the_corpus_with_exit_code_1()
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        int length = TestFiles.PatternText.Length;
        (int exit, _, string error) = CliTests.Run("train", "--corpus", corpus, "--out", files.PathOf("m.charrnn"), "--corpus-chars", $"{length + 1}");
        Assert.Equal(1, exit);
        Assert.Equal($"charrnn: error: --corpus-chars {length + 1} is more than the {TestFiles.PatternText.Length} characters of corpus file '{corpus}'; lower --corpus-chars or leave it out to use the whole file\n", error);
    }
}
