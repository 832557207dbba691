using CharRnn.ModelFormat;
using CharRnn.Runtime.Tests;
using Microsoft.CodeAnalysis;

namespace CharRnn.Generator.Tests;

/// <summary>The MSBuild property CharRnnMaxParameters caps what a project bakes; the default is 4 million.</summary>
public class ParameterLimitTests
{
    private const string Consumer = """
        namespace Demo;
        [CharRnn.CharRnnModel("Models/model.charrnn")]
        public static partial class Model;
        """;

    // Hidden size 4 over 3 characters: 4·(3+4+1) + 3·4 + 3 = 47 parameters.
    private const int Parameters = 47;

    private static readonly string ModelText = GeneratorHarness.ModelText(TestModels.Random(hiddenSize: 4, [10, 'a', 'b'], seed: 1));

    [Theory]
    [InlineData("47")]
    [InlineData(" 1000 ")]
    [InlineData("")]
    public void A_model_at_or_below_the_limit_bakes(string limit)
    {
        GeneratorRun run = Run(limit);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Result.Results[0].GeneratedSources);
    }

    [Fact]
    public void A_model_above_the_limit_is_CHARRNN012_on_the_attribute_and_names_the_property()
    {
        GeneratorRun run = Run((Parameters - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CHARRNN012", diagnostic.Id);
        Assert.Equal("/app/Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(
            "Model file 'Models/model.charrnn' is too large to bake: it holds 47 parameters, more than the limit of 46; train a smaller "
            + "model, or raise the limit with the MSBuild property CharRnnMaxParameters (e.g. <CharRnnMaxParameters>47</CharRnnMaxParameters> in the project file)",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Result.Results[0].GeneratedSources);
    }

    [Fact]
    public void The_default_limit_is_four_million_parameters()
    {
        // Two layers of 1000 over 1,000 characters hold 5,003,000 parameters, zeros: only the count matters here.
        // (A model just under the default would be baked into some 50 MB of source, too slow for a unit test.)
        Diagnostic diagnostic = Assert.Single(Run(limit: null, Zeros(layers: 2)).GeneratorDiagnostics);
        Assert.Equal("CHARRNN012", diagnostic.Id);
        Assert.Contains("it holds 5,003,000 parameters, more than the limit of 4,000,000", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4M")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1e6")]
    public void A_limit_that_is_not_a_whole_number_above_zero_is_CHARRNN014(string limit)
    {
        Diagnostic diagnostic = Assert.Single(Run(limit).GeneratorDiagnostics);
        Assert.Equal("CHARRNN014", diagnostic.Id);
        Assert.Contains($"CharRnnMaxParameters is '{limit}'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static GeneratorRun Run(string? limit, string? model = null)
    {
        Dictionary<string, string> properties = limit is null ? [] : new() { ["CharRnnMaxParameters"] = limit };
        return GeneratorHarness.Run(
            GeneratorHarness.Compilation(Consumer),
            GeneratorHarness.Driver(properties, GeneratorHarness.File("/app/Models/model.charrnn", model ?? ModelText)));
    }

    private static string Zeros(int layers)
    {
        int[] vocabulary = Enumerable.Range(0x100, 1000).ToArray();
        long count = ModelSchema.ParameterCount(CellType.Rnn, layers, 1000, vocabulary.Length);
        var model = new ModelFile(CellType.Rnn, layers, 1000, vocabulary, new float[count], new TrainingFacts("zeros", 0, 0, 0, 0));
        return GeneratorHarness.ModelText(model);
    }
}
