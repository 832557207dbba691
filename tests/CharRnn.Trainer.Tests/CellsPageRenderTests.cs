using System.Net;
using System.Text.RegularExpressions;
using CharRnn.ModelFormat;
using CharRnn.Training.Course;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// The cells page loaded in headless Chromium: it renders without script errors, and a broken one is caught. Run where
/// Chromium is installed and always under CI=true, where a missing Chromium fails them (tests/Directory.Build.props).
/// </summary>
[Trait("Requires", "Chromium")]
public sealed partial class CellsPageRenderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Hostile_text_renders_character_for_character_without_script_errors()
    {
        string page = WritePage();
        RenderedPage rendered = HeadlessChromium.Load(page);

        string expected = CellsTests.HostileText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        Assert.Equal($"ok:units=8;characters={expected.EnumerateRunes().Count()}", rendered.Status);
        Assert.Empty(rendered.ConsoleErrors);
        string shown = string.Concat(CharacterSpans().Matches(rendered.Dom).Select(span => WebUtility.HtmlDecode(span.Groups[1].Value)));
        Assert.Equal(expected, shown.Replace("\u21B5\n", "\n", StringComparison.Ordinal));
        Assert.DoesNotContain("<img", rendered.Dom, StringComparison.OrdinalIgnoreCase);
        int[] scalars = [.. expected.EnumerateRunes().Select(rune => rune.Value)];
        int rankedFeatures = CellsFeatures.Compute(scalars).Count(feature => feature.Values.Distinct().Count() > 1);
        Assert.Equal(8 * rankedFeatures, Regex.Count(rendered.Dom, "<tr tabindex=\"0\"")); // every unit, under each feature present
    }

    [Fact]
    public void A_page_whose_script_throws_reports_the_error()
    {
        string page = Broken("function main() {", "function main() { throw new Error(\"deliberately broken\");");
        RenderedPage rendered = HeadlessChromium.Load(page);
        Assert.StartsWith("error:", rendered.Status, StringComparison.Ordinal);
        Assert.Contains("deliberately broken", rendered.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_whose_script_does_not_parse_never_reports_ok()
    {
        string page = Broken("\"use strict\";", "\"use strict\"; }}");
        RenderedPage rendered = HeadlessChromium.Load(page);
        Assert.Equal("loading", rendered.Status);
        Assert.NotEmpty(rendered.ConsoleErrors);
    }

    private string WritePage()
    {
        string model = _files.PathOf("lstm.charrnn");
        ModelFiles.Save(model, CellsTests.RandomModel(CellType.Lstm, 8, CellsTests.HostileText));
        string page = _files.PathOf("cells.html");
        (int exit, _, string error) = CliTests.Run("cells", "--model", model, "--text", _files.Write("hostile.txt", CellsTests.HostileText), "--out", page);
        Assert.True(exit == 0, error);
        return page;
    }

    private string Broken(string find, string replacement)
    {
        string html = File.ReadAllText(WritePage());
        Assert.Contains(find, html, StringComparison.Ordinal);
        return _files.Write("broken.html", html.Replace(find, replacement, StringComparison.Ordinal));
    }

    [GeneratedRegex("<span class=\"ch\"[^>]*>(.*?)</span>", RegexOptions.Singleline)]
    private static partial Regex CharacterSpans();
}
