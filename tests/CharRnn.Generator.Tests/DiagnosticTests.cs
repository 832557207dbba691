using CharRnn.ModelFormat;
using CharRnn.Runtime.Tests;
using Microsoft.CodeAnalysis;

namespace CharRnn.Generator.Tests;

/// <summary>Every problem is a diagnostic with an id and a place to look, never an exception or silent nothing.</summary>
public class DiagnosticTests
{
    private const string ModelPath = "/app/Models/model.charrnn";

    private const string Consumer = """
        namespace Demo;
        [CharRnn.CharRnnModel("Models/model.charrnn")]
        public static partial class Model;
        """;

    private static readonly int[] Letters = [10, 'a', 'b'];

    private static string ValidModel => GeneratorHarness.ModelText(TestModels.Random(hiddenSize: 4, Letters, seed: 1));

    public static TheoryData<string, Func<string, string>, Func<string, string>, string> InvalidModels => new()
    {
        { "a newer version", text => text.Replace("charrnn 1\n", "charrnn 2\n", StringComparison.Ordinal), _ => "charrnn 2", "version '2' is not supported" },
        { "not a model at all", _ => "{ \"weights\": [] }\n", _ => "{ \"weights\": [] }", "not a CharRnn model file" },
        { "an empty file", _ => "", _ => "", "the file ends before the first line" },
        { "a bad header value", text => text.Replace("vocab_size 3\n", "vocab_size three\n", StringComparison.Ordinal), _ => "vocab_size three", "'three' is not a whole number from 0 to 2147483647" },
        { "a shape that disagrees with the header", text => text.Replace("tensor by 3 ", "tensor by 4 ", StringComparison.Ordinal), LineStarting("tensor by 4 "), "disagrees with the header" },
        { "an edited weight", EditFirstDataLine, FirstDataLine, "checksum" },
        { "a file missing its end", text => text[..^"end\n".Length], LastLine, "it is truncated" },
        { "a file cut inside the data", text => text[..^"=\nend\n".Length], LastLine, "ends inside the data section, before the 'end' line; it is truncated" },
        { "a file cut in the header", text => text[..text.IndexOf("checksum", StringComparison.Ordinal)], LastLine, "ends before the 'checksum' line" },
    };

    [Fact]
    public void A_model_file_missing_from_AdditionalFiles_is_CHARRNN001_on_the_attribute_argument()
    {
        GeneratorRun run = GeneratorHarness.Run(Consumer.Replace("model.charrnn", "missing.charrnn", StringComparison.Ordinal),
            GeneratorHarness.File(ModelPath, ValidModel));
        Diagnostic diagnostic = Single(run, "CHARRNN001");
        Assert.Equal("\"Models/missing.charrnn\"", SourceAt(run, diagnostic));
        Assert.Contains("<AdditionalFiles Include=\"Models/missing.charrnn\" />", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(ModelPath, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Result.Results[0].GeneratedSources);
    }

    [Theory]
    [MemberData(nameof(InvalidModels))]
    public void An_invalid_model_file_is_CHARRNN002_on_the_offending_line(
        string description, Func<string, string> damage, Func<string, string> offendingLine, string problem)
    {
        string text = damage(ValidModel);
        GeneratorRun run = GeneratorHarness.Run(Consumer, GeneratorHarness.File(ModelPath, text));
        Diagnostic diagnostic = Single(run, "CHARRNN002");
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal(ModelPath, span.Path);
        Assert.Equal(offendingLine(text), text.Split('\n')[span.StartLinePosition.Line]);
        Assert.Equal(offendingLine(text), text.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains(problem, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.True(run.Result.Results[0].GeneratedSources.IsEmpty, description);
    }

    [Fact]
    public void Non_finite_weights_are_CHARRNN002_on_the_data()
    {
        ModelFile model = TestModels.Random(hiddenSize: 4, Letters, seed: 1);
        model.Weights[7] = float.NaN;
        string text = GeneratorHarness.ModelText(model);
        Diagnostic diagnostic = Single(GeneratorHarness.Run(Consumer, GeneratorHarness.File(ModelPath, text)), "CHARRNN002");
        Assert.Contains("is NaN; every weight must be finite", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(FirstDataLine(text), text.Split('\n')[diagnostic.Location.GetLineSpan().StartLinePosition.Line]);
    }

    [Fact]
    public void An_unreadable_model_file_is_CHARRNN002_on_the_attribute_argument()
    {
        GeneratorRun run = GeneratorHarness.Run(Consumer, GeneratorHarness.File(ModelPath, null));
        Diagnostic diagnostic = Single(run, "CHARRNN002");
        Assert.Equal("\"Models/model.charrnn\"", SourceAt(run, diagnostic));
        Assert.Contains("could not be read", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[CharRnn.CharRnnModel(\"Models/model.charrnn\")] public static class Model;", "Model")]
    [InlineData("public static class Outer { [CharRnn.CharRnnModel(\"Models/model.charrnn\")] public static partial class Model; }", "Outer")]
    public void A_class_or_container_that_is_not_partial_is_CHARRNN003_on_its_name(string source, string name)
    {
        GeneratorRun run = GeneratorHarness.Run("namespace Demo; " + source, GeneratorHarness.File(ModelPath, ValidModel));
        Diagnostic diagnostic = Single(run, "CHARRNN003");
        Assert.Equal(name, SourceAt(run, diagnostic));
        Assert.Contains("add the 'partial' modifier", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Result.Results[0].GeneratedSources);
    }

    [Theory]
    [InlineData("[CharRnn.CharRnnModel(\"Models/model.charrnn\")] public partial class Model<T>;")]
    [InlineData("public partial class Outer<T> { [CharRnn.CharRnnModel(\"Models/model.charrnn\")] public static partial class Model; }")]
    public void A_generic_class_or_one_nested_in_a_generic_type_is_CHARRNN004_on_its_name(string source)
    {
        GeneratorRun run = GeneratorHarness.Run("namespace Demo; " + source, GeneratorHarness.File(ModelPath, ValidModel));
        Assert.Equal("Model", SourceAt(run, Single(run, "CHARRNN004")));
    }

    [Theory]
    [InlineData("[CharRnn.CharRnnModel(\"\")]", "\"\"")]
    [InlineData("[CharRnn.CharRnnModel(\"  \")]", "\"  \"")]
    [InlineData("[CharRnn.CharRnnModel(null)]", "null")]
    [InlineData("[CharRnn.CharRnnModel(Paths.Model)]", "Paths.Model")]
    [InlineData("[CharRnn.CharRnnModel]", "CharRnn.CharRnnModel")]
    public void A_missing_empty_or_non_constant_path_is_CHARRNN005(string attribute, string location)
    {
        string source = $$"""
            namespace Demo;
            {{attribute}}
            public static partial class Model;
            public static class Paths { public static string Model = "Models/model.charrnn"; }
            """;
        GeneratorRun run = GeneratorHarness.Run(source, GeneratorHarness.File(ModelPath, ValidModel));
        Assert.Equal(location, SourceAt(run, Single(run, "CHARRNN005")));
    }

    [Fact]
    public void A_path_that_matches_two_listed_files_is_CHARRNN006_and_a_longer_path_resolves_it()
    {
        AdditionalText[] files = [GeneratorHarness.File("/app/a/Models/model.charrnn", ValidModel), GeneratorHarness.File("/app/b/Models/model.charrnn", ValidModel)];
        GeneratorRun run = GeneratorHarness.Run(Consumer, files);
        Diagnostic diagnostic = Single(run, "CHARRNN006");
        Assert.Equal("\"Models/model.charrnn\"", SourceAt(run, diagnostic));
        Assert.Contains("/app/a/Models/model.charrnn, /app/b/Models/model.charrnn", diagnostic.GetMessage(), StringComparison.Ordinal);

        GeneratorRun longer = GeneratorHarness.Run(Consumer.Replace("Models/", "b/Models/", StringComparison.Ordinal), files);
        Assert.Empty(longer.GeneratorDiagnostics);
        Assert.Single(longer.Result.Results[0].GeneratedSources);
    }

    [Theory]
    [InlineData("Models/model.charrnn", "/app/Models/model.charrnn", true)]
    [InlineData("Models\\\\model.charrnn", "/app/Models/model.charrnn", true)]
    [InlineData("Models/model.charrnn", "C:\\\\app\\\\Models\\\\model.charrnn", true)]
    [InlineData("./Models/x/../model.charrnn", "/app/Models/model.charrnn", true)]
    [InlineData("../shared/model.charrnn", "/app/src/../shared/model.charrnn", true)]
    [InlineData("/app/Models/model.charrnn", "/app/Models/model.charrnn", true)]
    [InlineData("odels/model.charrnn", "/app/Models/model.charrnn", false)]
    [InlineData("models/model.charrnn", "/app/Models/model.charrnn", false)]
    [InlineData("Other/Models/model.charrnn", "/app/Models/model.charrnn", false)]
    public void The_attribute_path_matches_the_tail_of_a_listed_file_by_whole_segments(string attributePath, string filePath, bool matches)
    {
        GeneratorRun run = GeneratorHarness.Run(
            Consumer.Replace("Models/model.charrnn", attributePath, StringComparison.Ordinal), GeneratorHarness.File(filePath.Replace("\\\\", "\\", StringComparison.Ordinal), ValidModel));
        Assert.Equal(matches ? [] : ["CHARRNN001"], run.GeneratorDiagnostics.Select(d => d.Id));
    }

    [Fact]
    public void The_attribute_on_two_parts_of_one_class_bakes_it_once_and_leaves_the_error_to_the_compiler()
    {
        GeneratorRun run = GeneratorHarness.Run(
            Consumer + "\n[CharRnn.CharRnnModel(\"Models/model.charrnn\")] public static partial class Model;",
            GeneratorHarness.File(ModelPath, ValidModel));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Result.Results[0].GeneratedSources);
        Assert.Contains("CS0579", run.CompilerDiagnostics.Select(d => d.Id));
        Assert.DoesNotContain(run.CompilerDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Other_additional_files_are_ignored()
    {
        GeneratorRun run = GeneratorHarness.Run(
            Consumer, GeneratorHarness.File(ModelPath, ValidModel), GeneratorHarness.File("/app/Models/model.charrnn.json", "{}"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Result.Results[0].GeneratedSources);
    }

    private static Diagnostic Single(GeneratorRun run, string id)
    {
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.NotEqual(Location.None, diagnostic.Location);
        return diagnostic;
    }

    // The source text a diagnostic points at, in the consumer's one source file.
    private static string SourceAt(GeneratorRun run, Diagnostic diagnostic)
    {
        Assert.Equal("/app/Source0.cs", diagnostic.Location.GetLineSpan().Path);
        return run.Output.SyntaxTrees.First().GetText().ToString(diagnostic.Location.SourceSpan);
    }

    private static Func<string, string> LineStarting(string prefix) =>
        text => text.Split('\n').First(line => line.StartsWith(prefix, StringComparison.Ordinal));

    private static string LastLine(string text) => text.TrimEnd('\n').Split('\n')[^1];

    private static string FirstDataLine(string text)
    {
        string[] lines = text.Split('\n');
        return lines[Array.IndexOf(lines, "data") + 1];
    }

    // Swaps one base64 character of the first data line: the file still parses, the checksum no longer agrees.
    private static string EditFirstDataLine(string text)
    {
        string line = FirstDataLine(text);
        string edited = (line[0] == 'A' ? "B" : "A") + line[1..];
        return text.Replace("\ndata\n" + line, "\ndata\n" + edited, StringComparison.Ordinal);
    }
}
