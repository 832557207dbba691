using System.Collections;
using System.Reflection;
using CharRnn.ModelFormat;
using CharRnn.Runtime.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CharRnn.Generator.Tests;

/// <summary>The pipeline is incremental: edits re-run only the steps whose input really changed.</summary>
public class CachingTests
{
    private const string TwoModels = """
        namespace Demo;
        [CharRnn.CharRnnModel("Models/a.charrnn")]
        internal static partial class A;
        [CharRnn.CharRnnModel("Models/b.charrnn")]
        internal static partial class B;
        """;

    // The generator's tracking names (cs), as a test sees them in the run result.
    private const string Targets = "Targets", ParameterLimit = "ParameterLimit", ModelFiles = "ModelFiles",
        SharedModels = "SharedModels", Specs = "Specs";

    private static readonly string[] Steps =
        [Targets, ParameterLimit, ModelFiles, SharedModels, Specs];

    private static readonly int[] Letters = [10, 'a', 'b', 'c'];

    [Fact]
    public void An_edit_to_unrelated_source_reruns_nothing()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(TwoModels);
        GeneratorDriver driver = GeneratorHarness.Driver(Model("a", seed: 1), Model("b", seed: 2)).RunGenerators(compilation);

        SyntaxTree unrelated = CSharpSyntaxTree.ParseText("namespace Demo; internal static class Unrelated { }", GeneratorHarness.ParseOptions);
        GeneratorDriverRunResult result = driver.RunGenerators(compilation.AddSyntaxTrees(unrelated)).GetRunResult();

        IncrementalGeneratorRunStep[] steps = Steps.SelectMany(name => result.Results[0].TrackedSteps[name]).ToArray();
        Assert.NotEmpty(steps);
        Assert.All(
            steps.SelectMany(step => step.Outputs).Concat(result.Results[0].TrackedOutputSteps.SelectMany(step => step.Value.SelectMany(s => s.Outputs))),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void Editing_one_model_file_regenerates_only_its_class()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(TwoModels);
        AdditionalText a = Model("a", seed: 1);
        GeneratorDriver driver = GeneratorHarness.Driver(a, Model("b", seed: 2)).RunGenerators(compilation);

        GeneratorRunResult before = driver.GetRunResult().Results[0];
        GeneratorRunResult result = driver.ReplaceAdditionalText(a, Model("a", seed: 3)).RunGenerators(compilation).GetRunResult().Results[0];

        Assert.Equal([IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached], Reasons(result, ModelFiles));
        Assert.Equal([IncrementalStepRunReason.Cached], Reasons(result, SharedModels));
        Assert.Equal([IncrementalStepRunReason.Modified, IncrementalStepRunReason.Unchanged], Reasons(result, Specs));
        // Only A's file is written again: B's output step is skipped and its text is the very same.
        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached],
            result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs).Select(output => output.Reason));
        Assert.NotEqual(Source(before, "Demo.A"), Source(result, "Demo.A"));
        Assert.Equal(Source(before, "Demo.B"), Source(result, "Demo.B"));
    }

    [Fact]
    public void A_new_parameter_limit_that_both_models_meet_rechecks_them_but_regenerates_nothing()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(TwoModels);
        GeneratorDriver driver = GeneratorHarness.Driver(Model("a", seed: 1), Model("b", seed: 2)).RunGenerators(compilation);

        GeneratorRunResult result = driver
            .WithUpdatedAnalyzerConfigOptions(new BuildProperties(new Dictionary<string, string> { ["CharRnnMaxParameters"] = "1000" }))
            .RunGenerators(compilation).GetRunResult().Results[0];

        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(result, ParameterLimit));
        Assert.Equal([IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Unchanged], Reasons(result, ModelFiles));
        Assert.Equal([IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached], Reasons(result, Specs));
        Assert.All(
            result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Pipeline_values_hold_no_symbol_syntax_compilation_or_location()
    {
        GeneratorDriverRunResult result = GeneratorHarness.Driver(Model("a", seed: 1), Model("b", seed: 2))
            .RunGenerators(GeneratorHarness.Compilation(TwoModels)).GetRunResult();
        object[] values = Steps.SelectMany(name => result.Results[0].TrackedSteps[name])
            .SelectMany(step => step.Outputs).Select(output => output.Value).ToArray();
        Assert.NotEmpty(values);
        Assert.All(values, value => AssertPlainData(value, depth: 0));
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(output => output.Reason).ToArray();

    private static string Source(GeneratorRunResult result, string type) =>
        result.GeneratedSources.Single(source => source.HintName == type + ".CharRnn.g.cs").SourceText.ToString();

    private static AdditionalText Model(string name, int seed)
    {
        ModelFile model = TestModels.Random(hiddenSize: 4, Letters, seed);
        return GeneratorHarness.File($"/app/Models/{name}.charrnn", GeneratorHarness.ModelText(model));
    }

    // Walks a pipeline value's properties: anything that roots a compilation would defeat the cache and leak memory.
    private static void AssertPlainData(object? value, int depth)
    {
        if (value is null or string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 8)
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or Location or SemanticModel, value.GetType().FullName);
        if (value is IEnumerable items)
        {
            foreach (object? item in items.Cast<object?>().Take(4))
            {
                AssertPlainData(item, depth + 1);
            }

            return;
        }

        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
            {
                AssertPlainData(property.GetValue(value), depth + 1);
            }
        }
    }
}
