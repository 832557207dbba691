using System.Runtime.InteropServices;
using CharRnn.Inference;
using CharRnn.ModelFormat;
using CharRnn.Runtime.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CharRnn.Generator.Tests;

/// <summary>
/// An int8 model bakes with the same API as a float32 one, plus its weight format, and samples the same text as
/// Runtime's DynamicModel on the same file.
/// </summary>
public class Int8BakingTests
{
    private const string ModelPath = "/app/Models/model.charrnn";

    private static readonly int[] Letters = [10, 32, 'a', 'b', 'c', 'd', 'e', 0xE9, 0x1F600];

    public static TheoryData<CellType, int> CellsAndLayers => EveryCell.WithLayers(1, 2, 3);

    [Theory]
    [MemberData(nameof(CellsAndLayers))]
    public void Generated_code_compiles_with_no_diagnostic_at_all(CellType cell, int layers)
    {
        GeneratorRun run = Run(Int8Model(cell, layers, hiddenSize: 5));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
    }

    [Fact]
    public void The_weight_format_is_a_constant_of_every_class()
    {
        ModelFile model = TestModels.Random(hiddenSize: 6, Letters, seed: 3, layers: 2);
        Assert.Equal((int)WeightFormat.Float32, Constant(Run(model), "WeightFormat"));
        Assert.Equal((int)WeightFormat.Int8, Constant(Run(model.QuantizeInt8()), "WeightFormat"));
    }

    [Fact]
    public void Int8_values_are_read_in_place_and_scales_and_biases_decoded_as_floats()
    {
        string text = Run(Int8Model(CellType.Gru, layers: 2, hiddenSize: 5)).GeneratedText;
        Assert.Contains("private static global::System.ReadOnlySpan<sbyte> Layer1WhhValues =>", text, StringComparison.Ordinal);
        Assert.Contains("private static readonly global::System.ArraySegment<float> Layer1WhhScales =", text, StringComparison.Ordinal);
        Assert.Contains("private static readonly global::System.ArraySegment<float> Layer1Bias =", text, StringComparison.Ordinal);
        Assert.Contains(
            "new global::CharRnn.CompilerServices.Int8Matrix(WhyValues, WhyScales), By,", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ArraySegment<float> Layer0Wxh =", text, StringComparison.Ordinal);

        // Per layer Wxh and Whh, then Why: one literal each, and nothing else that is an ordinary string literal.
        SyntaxToken[] literals = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.StringLiteralToken)).ToArray();
        Assert.Equal((2 * 2) + 1, literals.Length);
        Assert.All(literals, literal => Assert.Matches("^\"([ -!#-\\[\\]-~]|\\\\u[0-9A-F]{4})*\"$", literal.Text));
    }

    [Theory]
    [MemberData(nameof(CellsAndLayers))]
    public void Generate_and_Session_match_DynamicModel_on_the_same_int8_model(CellType cell, int layers)
    {
        // Hidden size 12: the int8 panels (32 rows, groups of 4 inputs) are padded, and the float gates end in a tail.
        ModelFile model = TestModels.Random(hiddenSize: 12, Letters, seed: 20 + layers, layers: layers, scale: 1.5f, cell: cell);
        ParityTests.AssertSameTextAsDynamicModel(model.QuantizeInt8(), ["", "bad cab\n", "é😀 e"]);
    }

    [Theory]
    [MemberData(nameof(ParityTests.OptimizationsAndCells), MemberType = typeof(ParityTests))]
    public void Generated_int8_code_allocates_nothing_per_character_in_Debug_or_Release(OptimizationLevel optimization, CellType cell)
    {
        using LoadedAssembly generated = ParityTests.Bake(Int8Model(cell, layers: 2, hiddenSize: 33), optimization);
        var allocated = generated.Method<Func<string, int, SamplingOptions, long>>("Demo.Probe", "AllocatedBytes");
        Assert.Equal(0, allocated("dé😀", 5000, new SamplingOptions { Seed = 1, TopK = 4 }));
    }

    [Fact]
    public void Beyond_the_string_budget_scales_and_biases_become_UTF8_literals_and_the_text_stays_the_same()
    {
        ModelFile model = Int8Model(CellType.Lstm, layers: 2, hiddenSize: 12);
        var overBudget = new Dictionary<string, string> { ["CharRnnStringWeightChars"] = "0" };
        GeneratorRun run = GeneratorHarness.Run(
            GeneratorHarness.Compilation(ParityTests.ConsumerSource),
            GeneratorHarness.Driver(overBudget, GeneratorHarness.File(ModelPath, GeneratorHarness.ModelText(model))));
        Assert.Empty(run.CompilerDiagnostics);
        SyntaxKind[] kinds = CSharpSyntaxTree.ParseText(run.GeneratedText).GetRoot().DescendantTokens()
            .Select(t => t.Kind())
            .Where(k => k is SyntaxKind.StringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken)
            .Distinct().Order().ToArray();
        Assert.Equal([SyntaxKind.StringLiteralToken, SyntaxKind.Utf8MultiLineRawStringLiteralToken], kinds);

        using LoadedAssembly generated = ParityTests.Bake(model, OptimizationLevel.Release, overBudget);
        var generate = generated.Method<Func<string, int, SamplingOptions, string>>("Demo.Probe", "Generate");
        var dynamic = new DynamicModel(model);
        foreach (SamplingOptions options in ParityTests.OptionsToTry().Take(20))
        {
            Assert.Equal(ParityTests.Sample(dynamic, "bad cab\n", 200, options), generate("bad cab\n", 200, options));
        }
    }

    [Fact]
    public void With_AlignInt8Weights_the_values_are_copied_once_to_64_byte_boundaries_and_the_text_is_the_same()
    {
        ModelFile model = Int8Model(CellType.Gru, layers: 2, hiddenSize: 12);
        string source = ParityTests.ConsumerSource.Replace(
            "[CharRnnModel(\"Models/model.charrnn\")]",
            "[CharRnnModel(\"Models/model.charrnn\", AlignInt8Weights = true)]",
            StringComparison.Ordinal);
        GeneratorRun run = GeneratorHarness.Run(source, GeneratorHarness.File(ModelPath, GeneratorHarness.ModelText(model)));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        string text = run.GeneratedText;
        Assert.Contains("private static readonly global::System.ArraySegment<sbyte> Layer1WhhValues =", text, StringComparison.Ordinal);
        Assert.Contains("global::CharRnn.CompilerServices.BakedWeights.AlignedInt8(", text, StringComparison.Ordinal);
        Assert.DoesNotContain("BakedWeights.Int8(", text, StringComparison.Ordinal);

        using LoadedAssembly generated = GeneratorHarness.Load(run.Output);
        var generate = generated.Method<Func<string, int, SamplingOptions, string>>("Demo.Probe", "Generate");
        var dynamic = new DynamicModel(model);
        foreach (SamplingOptions options in ParityTests.OptionsToTry().Take(20))
        {
            Assert.Equal(ParityTests.Sample(dynamic, "bad cab\n", 200, options), generate("bad cab\n", 200, options));
        }

        var allocated = generated.Method<Func<string, int, SamplingOptions, long>>("Demo.Probe", "AllocatedBytes");
        Assert.Equal(0, allocated("bad", 2000, new SamplingOptions { Seed = 1 }));
        foreach (string field in new[] { "Layer0WxhValues", "Layer1WhhValues", "WhyValues" })
        {
            var values = (ArraySegment<sbyte>)generated.StaticField("Demo.Model", field)!;
            Assert.Equal(0, AddressOf(values) % 64);
        }
    }

    private static long AddressOf(ArraySegment<sbyte> values)
    {
        GCHandle handle = GCHandle.Alloc(values.Array, GCHandleType.Pinned);
        try
        {
            return handle.AddrOfPinnedObject() + values.Offset;
        }
        finally
        {
            handle.Free();
        }
    }

    [Fact]
    public void Int8_values_take_their_share_of_the_string_budget_before_any_float_tensor()
    {
        const string twoModels = """
            namespace Demo;
            [CharRnn.CharRnnModel("Models/a.charrnn")]
            internal static partial class A;
            [CharRnn.CharRnnModel("Models/b.charrnn")]
            internal static partial class B;
            """;
        // A is float32, about 2,550 characters of base64: alone it fits a budget of 3,000. B's int8 values (LSTM 2×20)
        // take about 3,000 characters, which are string literals whatever the budget, so they leave A no room.
        ModelFile small = TestModels.Random(hiddenSize: 5, [10, 32, 'a', 'b', 'c'], seed: 1, layers: 2, cell: CellType.Lstm);
        ModelFile large = TestModels.Random(hiddenSize: 20, [10, 32, 'a', 'b', 'c'], seed: 2, layers: 2, cell: CellType.Lstm).QuantizeInt8();
        GeneratorRun run = GeneratorHarness.Run(
            GeneratorHarness.Compilation(twoModels),
            GeneratorHarness.Driver(
                new Dictionary<string, string> { ["CharRnnStringWeightChars"] = "3000" },
                GeneratorHarness.File("/app/Models/a.charrnn", GeneratorHarness.ModelText(small)),
                GeneratorHarness.File("/app/Models/b.charrnn", GeneratorHarness.ModelText(large))));
        Assert.Empty(run.CompilerDiagnostics);
        Dictionary<string, SyntaxKind[]> kinds = run.Result.Results[0].GeneratedSources.ToDictionary(
            source => source.HintName,
            source => CSharpSyntaxTree.ParseText(source.SourceText).GetRoot().DescendantTokens().Select(t => t.Kind()).Distinct().ToArray());
        Assert.Contains(SyntaxKind.Utf8MultiLineRawStringLiteralToken, kinds["Demo.A.CharRnn.g.cs"]);
        Assert.DoesNotContain(SyntaxKind.MultiLineRawStringLiteralToken, kinds["Demo.A.CharRnn.g.cs"]);
        Assert.Contains(SyntaxKind.StringLiteralToken, kinds["Demo.B.CharRnn.g.cs"]);
    }

    internal static ModelFile Int8Model(CellType cell, int layers, int hiddenSize) =>
        TestModels.Random(hiddenSize, Letters, seed: layers, layers: layers, scale: 1.5f, cell: cell).QuantizeInt8();

    private static GeneratorRun Run(ModelFile model) =>
        GeneratorHarness.Run(ParityTests.ConsumerSource, GeneratorHarness.File(ModelPath, GeneratorHarness.ModelText(model)));

    private static object? Constant(GeneratorRun run, string name) =>
        Assert.IsAssignableFrom<IFieldSymbol>(Assert.Single(run.Output.GetTypeByMetadataName("Demo.Model")!.GetMembers(name))).ConstantValue;
}
