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

    public static TheoryData<string, Func<string, string>, Func<string, string>, string, string> InvalidModels => new()
    {
        { "a newer version", text => text.Replace("charrnn 1\n", "charrnn 3\n", StringComparison.Ordinal), _ => "charrnn 3", "CHARRNN008", "version '3' is not supported" },
        { "not a model at all", _ => "{ \"weights\": [] }\n", _ => "{ \"weights\": [] }", "CHARRNN002", "not a CharRnn model file" },
        { "an empty file", _ => "", _ => "", "CHARRNN002", "the file ends before the first line" },
        { "a bad header value", text => text.Replace("vocab_size 3\n", "vocab_size three\n", StringComparison.Ordinal), _ => "vocab_size three", "CHARRNN002", "'three' is not a whole number from 0 to 2147483647" },
        { "a tensor row that disagrees with the header", text => text.Replace("tensor by 3 ", "tensor by 4 ", StringComparison.Ordinal), LineStarting("tensor by 4 "), "CHARRNN010", "disagrees with the header" },
        { "a vocabulary longer than vocab_size", text => text.Replace("vocab 000A", "vocab 0009 000A", StringComparison.Ordinal), LineStarting("vocab "), "CHARRNN010", "the vocabulary lists 4 characters but vocab_size is 3" },
        { "data longer than the tensor table", AppendDataLine, FirstDataLine, "CHARRNN010", "but the tensor table needs" },
        { "an edited weight", EditFirstDataLine, FirstDataLine, "CHARRNN009", "checksum" },
        { "a hidden size above the format's limit", text => text.Replace("hidden_size 4\n", "hidden_size 5000\n", StringComparison.Ordinal), LineStarting("vocab_size "), "CHARRNN012", "hidden_size is 5000; it must be 1 to 4096" },
        { "a file missing its end", text => text[..^"end\n".Length], LastLine, "CHARRNN002", "it is truncated" },
        { "a file cut inside the data", text => text[..^"=\nend\n".Length], LastLine, "CHARRNN002", "ends inside the data section, before the 'end' line; it is truncated" },
        { "a file cut in the header", text => text[..text.IndexOf("checksum", StringComparison.Ordinal)], LastLine, "CHARRNN002", "ends before the 'checksum' line" },
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
    public void An_invalid_model_file_has_the_id_of_its_problem_on_the_offending_line(
        string description, Func<string, string> damage, Func<string, string> offendingLine, string id, string problem)
    {
        string text = damage(ValidModel);
        GeneratorRun run = GeneratorHarness.Run(Consumer, GeneratorHarness.File(ModelPath, text));
        Diagnostic diagnostic = Single(run, id);
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal(ModelPath, span.Path);
        Assert.Equal(offendingLine(text), text.Split('\n')[span.StartLinePosition.Line]);
        Assert.Equal(offendingLine(text), text.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains(problem, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.True(run.Result.Results[0].GeneratedSources.IsEmpty, description);
    }

    [Theory]
    [InlineData(float.NaN, "is NaN; every weight must be finite")]
    [InlineData(float.PositiveInfinity, "is Infinity; every weight must be finite")]
    [InlineData(-2e6f, "is -2000000; weights beyond ±1e6 would overflow sampling")]
    public void Non_finite_or_huge_weights_are_CHARRNN011_on_the_data(float weight, string problem)
    {
        ModelFile model = TestModels.Random(hiddenSize: 4, Letters, seed: 1);
        model = TestModels.WithWeights(model, weights => weights[7] = weight);
        string text = GeneratorHarness.ModelText(model);
        Diagnostic diagnostic = Single(GeneratorHarness.Run(Consumer, GeneratorHarness.File(ModelPath, text)), "CHARRNN011");
        Assert.Contains(problem, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(FirstDataLine(text), text.Split('\n')[diagnostic.Location.GetLineSpan().StartLinePosition.Line]);
    }

    [Fact]
    public void An_unreadable_model_file_is_CHARRNN007_on_the_attribute_argument()
    {
        GeneratorRun run = GeneratorHarness.Run(Consumer, GeneratorHarness.File(ModelPath, null));
        Diagnostic diagnostic = Single(run, "CHARRNN007");
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

    [Fact]
    public void Two_classes_baking_one_file_are_CHARRNN013_on_each_attribute_even_when_they_spell_the_path_differently()
    {
        const string source = """
            namespace Demo;
            [CharRnn.CharRnnModel("Models/model.charrnn")]
            public static partial class First;
            [CharRnn.CharRnnModel("app/Models/../Models/model.charrnn")]
            public static partial class Second;
            [CharRnn.CharRnnModel("Models/other.charrnn")]
            public static partial class Third;
            """;
        GeneratorRun run = GeneratorHarness.Run(
            source, GeneratorHarness.File(ModelPath, ValidModel), GeneratorHarness.File("/app/Models/other.charrnn", ValidModel));
        Diagnostic[] diagnostics = run.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(["CHARRNN013", "CHARRNN013"], diagnostics.Select(d => d.Id));
        Assert.Equal(["\"Models/model.charrnn\"", "\"app/Models/../Models/model.charrnn\""], diagnostics.Select(d => SourceAt(run, d)));
        Assert.All(diagnostics, d => Assert.Contains("(Demo.First, Demo.Second)", d.GetMessage(), StringComparison.Ordinal));
        Assert.Equal("Demo.Third.CharRnn.g.cs", Assert.Single(run.Result.Results[0].GeneratedSources).HintName);
    }

    [Theory]
    [InlineData("Models/model.charrnn", "/app/Models/model.charrnn", true)]
    [InlineData("Models\\\\model.charrnn", "/app/Models/model.charrnn", true)]
    [InlineData("Models/model.charrnn", "C:\\\\app\\\\Models\\\\model.charrnn", true)]
    [InlineData("./Models/x/../model.charrnn", "/app/Models/model.charrnn", true)]
    [InlineData("../models/model.charrnn", "/app/src/../models/model.charrnn", true)]
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

    // One more base64 line of zeros first in the data: every line is well formed, but the data outgrows the table.
    private static string AppendDataLine(string text) =>
        text.Replace("\ndata\n", "\ndata\nAAAAAAAA\n", StringComparison.Ordinal);

    // Swaps one base64 character of the first data line: the file still parses, the checksum no longer agrees.
    private static string EditFirstDataLine(string text)
    {
        string line = FirstDataLine(text);
        string edited = (line[0] == 'A' ? "B" : "A") + line[1..];
        return text.Replace("\ndata\n" + line, "\ndata\n" + edited, StringComparison.Ordinal);
    }
}
