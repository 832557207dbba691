using System.Text.Json;
using System.Text.RegularExpressions;
using CharRnn.ModelFormat;
using CharRnn.Training.Corpus;
using CharRnn.Training.Course;

namespace CharRnn.Trainer.Tests;

/// <summary><c>charrnn cells</c>: the features, the ranking, the page's escaping and the command's errors.</summary>
public sealed partial class CellsTests : IDisposable
{
    /// <summary>Text that tries to break out of the page's script and markup, with CR, CRLF, a tab, non-BMP and U+2028.</summary>
    internal const string HostileText = "</script><script>document.body.dataset.status='pwned'</script>\r\n"
        + "<img src=x onerror=\"document.body.dataset.status='pwned'\"> <!-- x --> <![CDATA[ y ]]>\r"
        + "& &amp; &lt; \"quoted\" 'single' `back` ${x} \\u003c (round [square] {curly})\t😀 é \u2028 end\n";

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>A model with random weights over the characters of <paramref name="text"/> (as the reader decodes it).</summary>
    internal static ModelFile RandomModel(CellType cell, int hiddenSize, string text, int layers = 1)
    {
        int[] vocabulary = [.. CorpusReader.Decode(System.Text.Encoding.UTF8.GetBytes(text), "text").Distinct().Order()];
        var random = new Random(11);
        var weights = new float[ModelSchema.ParameterCount(cell, layers, hiddenSize, vocabulary.Length)];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return new ModelFile(cell, layers, hiddenSize, vocabulary, weights, new TrainingFacts("random", 0, 1, 1, 11));
    }

    [Fact]
    public void Each_feature_follows_its_definition()
    {
        int[] text = [.. "a\"b c\"d (e[f]) ) x's 'y\nAB: c\n".EnumerateRunes().Select(rune => rune.Value)];
        Dictionary<string, double[]> features = CellsFeatures.Compute(text).ToDictionary(feature => feature.Name, feature => feature.Values);
        //                         a  "  b  _  c  "  d  _  (  e  [  f  ]  )  _  )  _  x  '  s  _  '  y \n  A  B  :  _  c \n
        Assert.Equal([0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], features["inside quotes"]);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 0], features["position in line"]);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], features["inside brackets"]);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], features["after a newline"]);
        Assert.Equal([1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0], features["inside a word"]);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0], features["capitals line"]);
    }

    [Fact]
    public void A_unit_equal_to_a_feature_ranks_first_with_r_1_and_its_negation_with_r_minus_1()
    {
        int[] text = [.. "First line (with brackets)\nand \"a quote\" here\nthird\n".EnumerateRunes().Select(rune => rune.Value)];
        IReadOnlyList<CellsFeature> features = CellsFeatures.Compute(text);
        double[] position = features.Single(feature => feature.Name == "position in line").Values;
        double[] brackets = features.Single(feature => feature.Name == "inside brackets").Values;
        const int units = 6;
        int n = text.Length;
        var random = new Random(5);
        var activations = new float[units * n];
        for (int i = 0; i < activations.Length; i++)
        {
            activations[i] = (float)(random.NextDouble() * 2 - 1);
        }

        for (int t = 0; t < n; t++)
        {
            activations[(4 * n) + t] = (float)((position[t] / 64) - 0.3); // a linear function of the feature: r = 1
            activations[(2 * n) + t] = (float)(0.5 - brackets[t]);        // a falling one: r = −1
        }

        FeatureCorrelations byPosition = CellsRanking.Correlate(activations, units, features.Single(feature => feature.Name == "position in line"));
        FeatureCorrelations byBrackets = CellsRanking.Correlate(activations, units, features.Single(feature => feature.Name == "inside brackets"));
        Assert.Equal(4, byPosition.Top(3)[0].Unit);
        Assert.Equal(1, byPosition.Top(3)[0].R, 1e-6);
        Assert.Equal(2, byBrackets.Top(3)[0].Unit);
        Assert.Equal(-1, byBrackets.Top(3)[0].R, 1e-6);
        Assert.All(byPosition.Top(units).Skip(1), ranked => Assert.True(Math.Abs(ranked.R) < 0.9, $"unit {ranked.Unit}: r = {ranked.R}"));
        Assert.Equal(units, byPosition.Top(100).Length);
    }

    [Fact]
    public void A_constant_feature_or_unit_has_no_r_and_never_ranks()
    {
        Assert.True(double.IsNaN(CellsRanking.Pearson([0.3f, 0.3f, 0.3f], [1, 2, 3])));
        Assert.True(double.IsNaN(CellsRanking.Pearson([0.1f, 0.2f, 0.3f], [0, 0, 0])));
        int[] text = [.. "no quotes here\n".EnumerateRunes().Select(rune => rune.Value)];
        CellsFeature quotes = CellsFeatures.Compute(text).Single(feature => feature.Name == "inside quotes");
        var activations = new float[2 * text.Length];
        for (int i = 0; i < activations.Length; i++)
        {
            activations[i] = i % 3;
        }

        Assert.Empty(CellsRanking.Correlate(activations, 2, quotes).Top(10));
    }

    [Fact]
    public void Hostile_text_stays_data_in_the_page()
    {
        int[] text = CorpusReader.Decode(System.Text.Encoding.UTF8.GetBytes(HostileText), "hostile");
        IReadOnlyList<CellsFeature> features = CellsFeatures.Compute(text);
        var activations = new float[3 * text.Length];
        for (int i = 0; i < activations.Length; i++)
        {
            activations[i] = MathF.Sin(i);
        }

        string page = CellsPage.Render(new CellsPageData("</title><b>title", "<i>description</i> & more", text, text.Length, 3, activations,
            [.. features.Select(feature => CellsRanking.Correlate(activations, 3, feature))]));

        Assert.Equal(2, Regex.Count(page, "<script", RegexOptions.IgnoreCase));
        Assert.Equal(2, Regex.Count(page, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
        string json = DataBlock().Match(page).Groups[1].Value;
        Assert.DoesNotContain('\u2028', json);
        Assert.DoesNotContain('&', json);
        using JsonDocument data = JsonDocument.Parse(json);
        string expected = HostileText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        Assert.Equal(expected, data.RootElement.GetProperty("text").GetString());
        Assert.Equal("</title><b>title", data.RootElement.GetProperty("title").GetString());
        Assert.Equal(3 * text.Length, data.RootElement.GetProperty("activations").GetBytesFromBase64().Length);
    }

    [Fact]
    public void Activations_are_rounded_to_signed_bytes_of_a_127th()
    {
        Assert.Equal(new byte[] { 0, 127, 0x81, 64, 0xC0, 127, 0x81 }, CellsPage.Quantise([0f, 1f, -1f, 0.5f, -0.5f, 1.0001f, -2f]));
    }

    [Fact]
    public void The_command_writes_the_page_and_prints_the_strongest_units()
    {
        string text = "First Citizen:\nBefore we proceed (any further), hear me \"speak\".\n\nAll:\nSpeak, speak.\n";
        string model = SaveModel(CellType.Lstm, text);
        string textPath = _files.Write("text.txt", text);
        string page = _files.PathOf("out/cells.html");
        (int exit, string output, string error) = CliTests.Run("cells", "--model", model, "--text", textPath, "--out", page);
        Assert.True(exit == 0, error);
        Assert.StartsWith($"wrote {page}: {text.Length} characters × 8 units of layer 1's cell state c, shown as tanh(c)", error);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(["| feature | strongest units: unit (r) |", "|---|---|"], lines[..2]);
        Assert.Equal(CellsFeatures.Compute([1, 2]).Select(feature => feature.Name), lines[2..].Select(line => line.Split(" | ")[0].TrimStart('|', ' ')));
        Assert.Contains("data-status=\"loading\"", File.ReadAllText(page), StringComparison.Ordinal);
    }

    [Fact]
    public void Max_chars_and_layer_and_state_choose_what_the_page_shows()
    {
        string text = "abc abd\nabe\n";
        string model = SaveModel(CellType.Lstm, text, layers: 2);
        string textPath = _files.Write("text.txt", text);
        (int exit, _, string error) = CliTests.Run("cells", "--model", model, "--text", textPath, "--out", _files.PathOf("p.html"),
            "--max-chars", "5", "--layer", "1", "--state", "h");
        Assert.True(exit == 0, error);
        Assert.Contains("5 characters × 8 units of layer 1's hidden state h", error, StringComparison.Ordinal);
        using JsonDocument data = JsonDocument.Parse(DataBlock().Match(File.ReadAllText(_files.PathOf("p.html"))).Groups[1].Value);
        Assert.Equal("abc a", data.RootElement.GetProperty("text").GetString());
        Assert.Equal(12, data.RootElement.GetProperty("totalCharacters").GetInt32());
    }

    [Theory]
    [InlineData("--max-chars", "0", "--max-chars is 0; it must be 2 to 1000000")]
    [InlineData("--max-chars", "lots", "--max-chars is 'lots'; it must be a whole number")]
    [InlineData("--layer", "0", "--layer is 0; it must be 1 to 4")]
    [InlineData("--layer", "2", "--layer is 2 but the model has 1 layer(s); pick 1 to 1")]
    [InlineData("--state", "x", "--state is x; it must be h or c")]
    [InlineData("--state", "c", "--state c needs an LSTM model; this one is gru")]
    public void Nonsense_options_are_refused_with_one_line(string option, string value, string message)
    {
        string text = "abc abd\n";
        string error = CliTests.AssertFails("cells", "--model", SaveModel(CellType.Gru, text), "--text", _files.Write("t.txt", text),
            "--out", _files.PathOf("p.html"), option, value);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(_files.PathOf("p.html")));
    }

    [Fact]
    public void Bad_inputs_are_named()
    {
        string model = SaveModel(CellType.Rnn, "abc \n");
        string page = _files.PathOf("p.html");
        Assert.Contains("does not exist", CliTests.AssertFails("cells", "--model", _files.PathOf("none.charrnn"), "--text", _files.Write("a.txt", "ab"), "--out", page), StringComparison.Ordinal);
        Assert.Contains($"--text: corpus file '{_files.PathOf("none.txt")}' does not exist",
            CliTests.AssertFails("cells", "--model", model, "--text", _files.PathOf("none.txt"), "--out", page), StringComparison.Ordinal);
        Assert.Contains("is empty", CliTests.AssertFails("cells", "--model", model, "--text", _files.Write("empty.txt", ""), "--out", page), StringComparison.Ordinal);
        Assert.Contains("has one character; correlations need at least two",
            CliTests.AssertFails("cells", "--model", model, "--text", _files.Write("one.txt", "a"), "--out", page), StringComparison.Ordinal);
        Assert.Contains("has 'Z' (U+005A) at line 2, column 3 (character 7), which is not in the model's vocabulary",
            CliTests.AssertFails("cells", "--model", model, "--text", _files.Write("z.txt", "abc\r\nabZ"), "--out", page), StringComparison.Ordinal);
        string textPath = _files.Write("t.txt", "abc");
        Assert.Contains("is an input file", CliTests.AssertFails("cells", "--model", model, "--text", textPath, "--out", textPath), StringComparison.Ordinal);
        Assert.False(File.Exists(page));
    }

    [Fact]
    public void A_page_too_large_is_refused_with_the_max_chars_that_fits()
    {
        string text = new string('a', 4000) + new string('b', 4000);
        string error = CliTests.AssertFails("cells", "--model", SaveModel(CellType.Rnn, text, hiddenSize: 512), "--text", _files.Write("t.txt", text),
            "--out", _files.PathOf("p.html"), "--max-chars", "8000");
        Assert.Contains("8000 characters × 512 units is above the page's limit of 4,000,000 values; lower --max-chars to 7812 or less", error, StringComparison.Ordinal);
    }

    private string SaveModel(CellType cell, string text, int layers = 1, int hiddenSize = 8)
    {
        string path = _files.PathOf($"{cell}-{layers}-{hiddenSize}.charrnn");
        ModelFiles.Save(path, RandomModel(cell, hiddenSize, text, layers));
        return path;
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"cells-data\">(.*?)</script>", RegexOptions.Singleline)]
    internal static partial Regex DataBlock();
}
