using System.Text;
using CharRnn.Training.Corpus;

namespace CharRnn.Trainer.Tests;

public class CorpusTests
{
    private static int[] Scalars(string text) => [.. text.EnumerateRunes().Select(rune => rune.Value)];

    private static string Decode(byte[] bytes) =>
        string.Concat(CorpusReader.Decode(bytes, "c.txt").Select(scalar => new Rune(scalar).ToString()));

    [Fact]
    public void Leading_byte_order_mark_is_dropped() =>
        Assert.Equal("ab", Decode([0xEF, 0xBB, 0xBF, (byte)'a', (byte)'b']));

    [Fact]
    public void Crlf_and_lone_cr_become_lf() =>
        Assert.Equal("a\nb\nc\n\nd", Decode(Encoding.UTF8.GetBytes("a\r\nb\rc\n\r\nd")));

    [Fact]
    public void Characters_beyond_the_basic_plane_are_one_scalar_each() =>
        Assert.Equal(Scalars("é😀x"), CorpusReader.Decode(Encoding.UTF8.GetBytes("é😀x"), "c.txt"));

    [Fact]
    public void Invalid_utf8_names_the_byte_offset()
    {
        var e = Assert.Throws<CorpusException>(() => CorpusReader.Decode([(byte)'a', (byte)'b', 0xC3, (byte)'c'], "c.txt"));
        Assert.Equal("corpus file 'c.txt' is not valid UTF-8: bad byte 0xC3 at byte offset 2", e.Message);
    }

    [Fact]
    public void Truncated_sequence_at_the_end_is_invalid() =>
        Assert.Contains("byte offset 1", Assert.Throws<CorpusException>(() => CorpusReader.Decode([(byte)'a', 0xE2, 0x82], "c.txt")).Message);

    [Fact]
    public void Nul_bytes_mean_binary() =>
        Assert.Contains("looks binary (a NUL byte at byte offset 1)",
            Assert.Throws<CorpusException>(() => CorpusReader.Decode([(byte)'a', 0, (byte)'b'], "c.txt")).Message);

    [Fact]
    public void Many_control_characters_mean_binary()
    {
        byte[] bytes = [.. Enumerable.Range(0, 200).Select(i => (byte)(i % 10 == 0 ? 0x1B : 'a'))];
        Assert.Contains("looks binary (20 of its 200 characters are control characters)",
            Assert.Throws<CorpusException>(() => CorpusReader.Decode(bytes, "c.txt")).Message);
    }

    [Fact]
    public void Tabs_and_form_feeds_are_text() =>
        Assert.Equal("a\tb\fc", Decode(Encoding.UTF8.GetBytes("a\tb\fc")));

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    public void Empty_file_is_an_error(byte[] bytes) =>
        Assert.Equal("corpus file 'c.txt' is empty", Assert.Throws<CorpusException>(() => CorpusReader.Decode(bytes, "c.txt")).Message);

    [Fact]
    public void Missing_file_and_directory_are_errors()
    {
        using var files = new TestFiles();
        Assert.Contains("does not exist", Assert.Throws<CorpusException>(() => CorpusReader.Read(files.PathOf("none.txt"))).Message);
        Assert.Contains("is a directory", Assert.Throws<CorpusException>(() => CorpusReader.Read(files.Root)).Message);
    }

    [Fact]
    public void Vocabulary_is_the_distinct_scalars_ascending()
    {
        TextCorpus corpus = TextCorpus.FromText(Scalars("banana😀 "), "c.txt");
        Assert.Equal(Scalars(" abn😀"), corpus.Vocabulary);
        Assert.Equal([2, 1, 3, 1, 3, 1, 4, 0], corpus.Ids);
    }

    [Fact]
    public void One_distinct_character_is_an_error() =>
        Assert.Contains("only one distinct character ('a' (U+0061))",
            Assert.Throws<CorpusException>(() => TextCorpus.FromText(Scalars("aaaa"), "c.txt")).Message);

    [Fact]
    public void Encoding_over_a_model_vocabulary_names_unknown_characters() =>
        Assert.Contains("'z' (U+007A) at character 2",
            Assert.Throws<CorpusException>(() => TextCorpus.Encode(Scalars("abz"), Scalars("ab"), "c.txt")).Message);

    [Fact]
    public void Validation_is_the_end_of_the_text()
    {
        (int[] training, int[] validation) = TextCorpus.FromText(Scalars("abcdefghij"), "c.txt").Split(0.2);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], training);
        Assert.Equal([8, 9], validation);
    }

    [Fact]
    public void Streams_are_contiguous_and_targets_are_the_next_character()
    {
        var layout = new StreamLayout([.. Enumerable.Range(0, 11)], streams: 2);
        Assert.Equal(5, layout.StreamLength);
        var inputs = new int[4];
        var targets = new int[4];
        layout.Fill(position: 3, steps: 2, firstStream: 0, count: 2, inputs, targets);
        Assert.Equal([3, 8, 4, 9], inputs); // step-major: (t0, s0), (t0, s1), (t1, s0), (t1, s1)
        Assert.Equal([4, 9, 5, 10], targets);
    }
}
