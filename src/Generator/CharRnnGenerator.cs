using Microsoft.CodeAnalysis;

namespace CharRnn.Generator;

/// <summary>
/// Bakes <c>*.charrnn</c> model files into the classes marked <c>[CharRnnModel("path")]</c>: constants, weights,
/// <c>Generate</c> and a streaming <c>Session</c>, all calling into CharRnn.Runtime.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CharRnnGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The attributed classes. ForAttributeWithMetadataName only revisits the syntax trees that changed, and the
        // transform keeps plain data, so typing elsewhere in the project leaves this step cached.
        IncrementalValuesProvider<TargetClass> targets = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.AttributeMetadataName, Parser.IsClassDeclaration, Parser.ParseTarget)
            .Where(static target => target is not null)
            .Select(static (target, _) => target!)
            .WithTrackingName(TrackingNames.Targets);

        // The model files, parsed once per file: the step re-runs only for an additional file whose text changed,
        // so neither a source edit nor an edit to another model parses a model again.
        IncrementalValuesProvider<ModelFileResult> modelFiles = context.AdditionalTextsProvider
            .Where(Parser.IsModelFile)
            .Select(Parser.ParseModelFile)
            .WithTrackingName(TrackingNames.ModelFiles);

        // Each class joined with every model file; the join is cheap path matching, and a ModelSpec compares by
        // checksum, so when one model changes only its own classes come out modified and are emitted again.
        IncrementalValuesProvider<GenerationSpec> specs = targets
            .Combine(modelFiles.Collect())
            .Select(static (pair, _) => Parser.Resolve(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Specs);

        context.RegisterSourceOutput(specs, Emitter.Emit);
    }
}
