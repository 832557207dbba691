using CharRnn.Generator;
using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Basic.Reference.Assemblies;
using CharRnn.Generator.Tests;
using CharRnn.ModelFormat;
using CharRnn.Training.Cells;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CharRnn.Benchmarks;

/// <summary>
/// The generator's bake of a 1M-parameter model (issue 6), in process: the random-weight LSTM 2×269 over 96 characters
/// (999,700 weights) that benchmarks/build-cost/measure.sh bakes into an app, as an in-memory additional file of a
/// consumer compilation, run through a fresh generator driver per invocation (nothing cached), the way the generator
/// tests drive it. The emitting rows add what the compiler does with the generated source, for comparison with the
/// build's growth that measure.sh reports; "emit, no model" is the same consumer without the generator.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBakeBenchmarks
{
    private const string ModelPath = "/app/Models/bake.charrnn";
    private const string Consumer = """
        namespace App;

        [CharRnn.CharRnnModel("Models/bake.charrnn")]
        public static partial class Baked;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private ImmutableArray<MetadataReference> _references;
    private SyntaxTree _consumer = null!;
    private AdditionalText _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        int[] vocabulary = [10, .. Enumerable.Range(32, 95)];
        var network = new RnnNetwork<float>(CellType.Lstm, vocabulary.Length, hiddenSize: 269, layers: 2);
        network.Initialize(1);
        ModelFile model = network.ToModelFile(network.Parameters, vocabulary, TrainingFacts.None);
        if (model.Weights.Length != 999_700)
        {
            throw new InvalidOperationException($"the model holds {model.Weights.Length:N0} weights, not measure.sh's 999,700");
        }

        _model = new InMemoryAdditionalText(ModelPath, ModelFileWriter.Write(model));
        _references = [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(SamplingOptions).Assembly.Location)];
        _consumer = CSharpSyntaxTree.ParseText(Consumer, ParseOptions, path: "/app/Baked.cs");

        // Fail loudly, not with a fast figure for a bake that did nothing.
        GeneratorDriverRunResult result = Bake();
        GeneratedSourceResult generated = result.Results.Single().GeneratedSources.Single();
        if (!result.Diagnostics.IsEmpty || !generated.SourceText.ToString().Contains("partial class Baked", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the generator did not bake the model: " + string.Join("; ", result.Diagnostics));
        }

        EmitBaked();
    }

    [Benchmark(Description = "bake (generator run)")]
    public GeneratorDriverRunResult Bake() => Driver().RunGenerators(Compilation()).GetRunResult();

    [Benchmark(Description = "bake and emit")]
    public long EmitBaked()
    {
        Driver().RunGeneratorsAndUpdateCompilation(Compilation(), out Compilation output, out _);
        return Emit(output);
    }

    [Benchmark(Description = "emit, no model")]
    public long EmitConsumer() => Emit(Compilation());

    // A new compilation per invocation, so no bound or declared state carries over; the references' metadata does.
    private CSharpCompilation Compilation() => CSharpCompilation.Create(
        "Consumer",
        [_consumer],
        _references,
        new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));

    // No build properties: the generator's default limits, as in measure.sh's apps.
    private GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        [new CharRnnGenerator().AsSourceGenerator()],
        [_model],
        ParseOptions,
        new BuildProperties(new Dictionary<string, string>()));

    private static long Emit(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("the consumer does not compile: " + string.Join("; ", emitted.Diagnostics));
        }

        return image.Length;
    }
}
