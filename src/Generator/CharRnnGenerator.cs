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

        // The project's size limit, as a value: the options provider changes with any edit to any .editorconfig
        // or property, and the record compares equal unless the limit itself changed.
        IncrementalValueProvider<ParameterLimit> limit = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => ParameterLimit.From(options.GlobalOptions))
            .WithTrackingName(TrackingNames.ParameterLimit);

        // The model files, parsed once per file: the step re-runs only for an additional file whose text changed
        // (or for all of them if the limit changed), so neither a source edit nor an edit to another model parses
        // a model again.
        IncrementalValuesProvider<ModelFileResult> modelFiles = context.AdditionalTextsProvider
            .Where(Parser.IsModelFile)
            .Combine(limit)
            .Select(static (pair, cancellationToken) => Parser.ParseModelFile(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.ModelFiles);

        // The files two classes bake, found from paths alone: editing a model's text leaves every path as it was, so
        // this step stays cached, and collecting the classes here keeps the per-class steps below independent.
        IncrementalValueProvider<EquatableArray<string>> modelPaths = context.AdditionalTextsProvider
            .Where(Parser.IsModelFile)
            .Select(static (file, _) => file.Path)
            .Collect()
            .Select(static (paths, _) => new EquatableArray<string>(paths.ToArray()));
        IncrementalValueProvider<EquatableArray<SharedModel>> shared = targets
            .Combine(modelPaths)
            .Select(static (pair, _) => SharedModels.Claim(pair.Left, pair.Right))
            .Collect()
            .Select(static (claims, _) => SharedModels.Find(claims))
            .WithTrackingName(TrackingNames.SharedModels);

        // Each class joined with every model file; the join is cheap path matching, and a ModelSpec compares by
        // checksum, so when one model changes only its own classes come out modified and are emitted again.
        IncrementalValuesProvider<GenerationSpec> specs = targets
            .Combine(modelFiles.Collect())
            .Combine(shared)
            .Select(static (pair, _) => Parser.Resolve(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.Specs);

        // Which classes bake u8 literals: the string budget is the project's, so it is shared out over every class.
        // The plan is a list of names, equal after an edit unless a class changes sides, so it rarely re-emits
        // anything.
        IncrementalValueProvider<StringBudget> budget = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => StringBudget.From(options.GlobalOptions))
            .WithTrackingName(TrackingNames.StringBudget);
        IncrementalValueProvider<EquatableArray<string>> utf8Classes = specs
            .Select(static (spec, _) => LiteralPlan.Measure(spec))
            .Collect()
            .Combine(budget)
            .Select(static (pair, _) => LiteralPlan.Utf8Classes(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.LiteralPlan);

        // An unusable budget stops every bake with CHARRNN015 rather than silently baking with the default.
        IncrementalValueProvider<string?> invalidBudget = budget.Select(static (budget, _) => budget.InvalidText);
        context.RegisterSourceOutput(
            specs.Combine(utf8Classes).Combine(invalidBudget),
            static (context, pair) => Emitter.Emit(
                context, Parser.WithBudget(pair.Left.Left, pair.Right), pair.Left.Right.Contains(pair.Left.Left.Target.HintName)));
    }
}
