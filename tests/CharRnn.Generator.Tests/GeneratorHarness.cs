using System.Collections.Immutable;
using System.Runtime.Loader;
using Basic.Reference.Assemblies;
using CharRnn.ModelFormat;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CharRnn.Generator.Tests;

/// <summary>One run of the generator over a consumer compilation.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Output, GeneratorDriverRunResult Result)
{
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>What the compiler says about the consumer with the generated code added (hidden diagnostics left out).</summary>
    public Diagnostic[] CompilerDiagnostics =>
        Output.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).ToArray();

    public string GeneratedText => Assert.Single(Result.Results[0].GeneratedSources).SourceText.ToString();
}

/// <summary>Runs the generator the way the compiler does, on in-memory sources and model files.</summary>
internal static class GeneratorHarness
{
    // Diagnose documentation comments so a public generated member without XML docs shows up as CS1591.
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly ImmutableArray<MetadataReference> References =
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(SamplingOptions).Assembly.Location)];

    public static string ModelText(ModelFile model) => ModelFileWriter.Write(model);

    public static AdditionalText File(string path, string? text) => new InMemoryAdditionalText(path, text);

    public static CSharpCompilation Compilation(params string[] sources) => Compilation(OptimizationLevel.Release, sources);

    public static CSharpCompilation Compilation(OptimizationLevel optimization, params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"/app/Source{i}.cs")),
        References,
        new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999,
            optimizationLevel: optimization));

    public static GeneratorDriver Driver(params AdditionalText[] files) => Driver(new Dictionary<string, string>(), files);

    /// <summary>A driver for a project that sets the given MSBuild properties (made visible to the compiler).</summary>
    public static GeneratorDriver Driver(IReadOnlyDictionary<string, string> properties, params AdditionalText[] files) => CSharpGeneratorDriver.Create(
        [new CharRnnGenerator().AsSourceGenerator()],
        files,
        ParseOptions,
        new BuildProperties(properties),
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(Compilation compilation, GeneratorDriver driver)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorDriverRunResult result = driver.GetRunResult();
        Assert.Null(Assert.Single(result.Results).Exception);
        return new GeneratorRun(driver, output, result);
    }

    public static GeneratorRun Run(string source, params AdditionalText[] files) => Run(Compilation(source), Driver(files));

    /// <summary>Emits the compilation and loads it into a collectible context; dispose to unload.</summary>
    public static LoadedAssembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext("generated", isCollectible: true);
        return new LoadedAssembly(context, context.LoadFromStream(image));
    }
}

/// <summary>A generated assembly in its own load context (CharRnn.Runtime resolves to the test's copy).</summary>
internal sealed class LoadedAssembly(AssemblyLoadContext context, System.Reflection.Assembly assembly) : IDisposable
{
    public T Method<T>(string type, string name) where T : Delegate =>
        assembly.GetType(type, throwOnError: true)!.GetMethod(name)!.CreateDelegate<T>();

    /// <summary>The value of a private static field, such as a baked tensor.</summary>
    public object? StaticField(string type, string name) =>
        assembly.GetType(type, throwOnError: true)!
            .GetField(name, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!
            .GetValue(null);

    public void Dispose() => context.Unload();
}
