using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CharRnn.Cells;
using CharRnn.ModelFormat;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CharRnn.Generator;

/// <summary>
/// Turns compiler inputs into the pipeline's plain records: the attributed classes, the model files, and the
/// join of the two. Every problem becomes a <see cref="DiagnosticInfo"/>; nothing here throws.
/// </summary>
internal static class Parser
{
    public const string AttributeMetadataName = "CharRnn.CharRnnModelAttribute";

    private const string ModelFileExtension = ".charrnn";

    // The attribute's named argument that copies an int8 model's values to aligned memory.
    private const string AlignInt8WeightsArgument = "AlignInt8Weights";

    private static readonly SymbolDisplayFormat QualifiedName =
        new(typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

    /// <summary>Cheap syntax filter: the attribute is only valid on classes (records included).</summary>
    public static bool IsClassDeclaration(SyntaxNode node, CancellationToken cancellationToken) =>
        node is ClassDeclarationSyntax or RecordDeclarationSyntax;

    /// <summary>Whether an additional file is a model file (the extension docs/architecture.md gives them).</summary>
    public static bool IsModelFile(AdditionalText file) =>
        file.Path.EndsWith(ModelFileExtension, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the class an attribute marks; null when there is nothing to generate for this declaration.</summary>
    public static TargetClass? ParseTarget(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type
            || context.TargetNode is not TypeDeclarationSyntax declaration
            || FirstApplication(type, declaration) is not AttributeData attribute)
        {
            return null;
        }

        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        SyntaxNode? pathSyntax = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault()?.Expression ?? (SyntaxNode?)attributeSyntax;
        LocationInfo? pathLocation = LocationInfo.From(pathSyntax);
        LocationInfo? nameLocation = LocationInfo.From(declaration.Identifier.GetLocation());
        string display = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

        var diagnostics = new List<DiagnosticInfo>();
        string? path = attribute.ConstructorArguments.Length == 1
            && attribute.ConstructorArguments[0].Value is string text && text.Trim().Length > 0 ? text : null;
        if (path is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PathMissing, pathLocation, display));
        }

        // The generated file re-opens the class and every type around it, so each must be partial.
        foreach (TypeDeclarationSyntax part in declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>())
        {
            if (!part.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.TypeNotPartial, LocationInfo.From(part.Identifier.GetLocation()), part.Identifier.ValueText));
            }
        }

        if (ContainingTypes(type).Any(t => t.TypeParameters.Length > 0) || type.TypeParameters.Length > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeGeneric, nameLocation, display));
        }

        string? ns = type.ContainingNamespace.IsGlobalNamespace
            ? null
            : type.ContainingNamespace.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));
        // Qualified so two classes of one name in different namespaces get two files; unescaped, as hint names refuse '@'.
        string hintName = type.ToDisplayString(QualifiedName) + ".CharRnn.g.cs";
        bool alignInt8Weights = attribute.NamedArguments.Any(
            static argument => argument.Key == AlignInt8WeightsArgument && argument.Value.Value is true);
        return new TargetClass(
            ns,
            new EquatableArray<TypeHeader>(ContainingTypes(type).Select(Header).ToArray()),
            Header(type),
            display,
            hintName,
            path,
            pathLocation,
            alignInt8Weights,
            new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    /// <summary>
    /// Parses one model file under the project's parameter limit. Runs once per file content (the cache keys it by
    /// the additional file) and again only if the limit changes.
    /// </summary>
    public static ModelFileResult ParseModelFile(AdditionalText file, ParameterLimit limit, CancellationToken cancellationToken)
    {
        if (limit.InvalidText is string invalid)
        {
            return Problem(file, DiagnosticDescriptors.ParameterLimitInvalid, null, invalid);
        }

        SourceText? source = file.GetText(cancellationToken);
        if (source is null)
        {
            return Problem(file, DiagnosticDescriptors.ModelFileUnreadable, null);
        }

        string text = source.ToString();
        try
        {
            ModelFile model = ModelFileReader.Read(text);
            if (model.Weights.Length > limit.Value)
            {
                // Checked before baking: the generated source grows with every weight, and so does every build.
                return Problem(file, DiagnosticDescriptors.ModelTooLarge, null, TooLargeMessage(model.Weights.Length, limit.Value));
            }

            return new ModelFileResult(file.Path, ModelBaker.Bake(model), null);
        }
        catch (ModelFormatException e)
        {
            return Problem(file, Descriptor(e.Kind), LineLocation(file.Path, source, text, e.Line), e.Problem);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reader reports every known problem as a ModelFormatException; anything else is a bug in it, and a
            // generator that throws takes the whole generator down with a warning nobody reads.
            return Problem(
                file, DiagnosticDescriptors.ModelFileInvalid, null, $"the generator failed reading it ({e.GetType().Name}: {e.Message}); please report this");
        }
    }

    /// <summary>Joins a class with the model file its attribute names.</summary>
    /// <param name="target">The class.</param>
    /// <param name="files">Every model file, parsed.</param>
    /// <param name="shared">The files that more than one class bakes.</param>
    public static GenerationSpec Resolve(TargetClass target, ImmutableArray<ModelFileResult> files, EquatableArray<SharedModel> shared)
    {
        var diagnostics = new List<DiagnosticInfo>(target.Diagnostics);
        ModelSpec? model = null;
        if (target.ModelPath is string path)
        {
            ModelFileResult[] matches = files.Where(f => ModelPaths.Matches(f.Path, path)).ToArray();
            if (matches.Length == 0)
            {
                string listed = files.Length == 0 ? "none" : string.Join(", ", files.Select(f => f.Path));
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelFileNotListed, target.PathLocation, path, listed));
            }
            else if (matches.Length > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.PathAmbiguous, target.PathLocation, path, string.Join(", ", matches.Select(f => f.Path))));
            }
            else if (shared.FirstOrDefault(s => s.File == matches[0].Path) is SharedModel twice)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ModelBakedTwice, target.PathLocation, path, string.Join(", ", twice.ClassNames)));
            }
            else if (matches[0].Problem is ModelFileProblem problem)
            {
                diagnostics.Add(new DiagnosticInfo(
                    problem.Descriptor,
                    problem.Location ?? target.PathLocation,
                    new EquatableArray<string>([path, .. problem.Arguments])));
            }
            else
            {
                model = matches[0].Model;
            }
        }

        return new GenerationSpec(target, diagnostics.Count == 0 ? model : null, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    /// <summary>The spec unchanged, or, when the project's string budget is unusable, without its model and with CHARRNN015.</summary>
    public static GenerationSpec WithBudget(GenerationSpec spec, string? invalidBudget) =>
        invalidBudget is null || spec.Model is null || spec.Target.ModelPath is not string path
            ? spec
            : new GenerationSpec(spec.Target, null, new EquatableArray<DiagnosticInfo>([
                .. spec.Diagnostics,
                DiagnosticInfo.Create(DiagnosticDescriptors.StringBudgetInvalid, spec.Target.PathLocation, path, invalidBudget)]));

    private static ModelFileResult Problem(AdditionalText file, DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(file.Path, null, ModelFileProblem.Create(descriptor, location, arguments));

    // Each kind of problem the reader finds has its own id, so a build log (or a test) tells them apart.
    private static DiagnosticDescriptor Descriptor(ModelProblem kind) => kind switch
    {
        ModelProblem.UnsupportedVersion => DiagnosticDescriptors.ModelFileVersion,
        ModelProblem.ShapeMismatch => DiagnosticDescriptors.ModelFileShape,
        ModelProblem.ChecksumMismatch => DiagnosticDescriptors.ModelFileChecksum,
        ModelProblem.NonFiniteWeights => DiagnosticDescriptors.ModelFileNonFinite,
        ModelProblem.TooLarge => DiagnosticDescriptors.ModelTooLarge,
        ModelProblem.InvalidQuantization => DiagnosticDescriptors.ModelFileQuantization,
        _ => DiagnosticDescriptors.ModelFileInvalid,
    };

    private static string TooLargeMessage(long parameters, long limit) => string.Format(
        CultureInfo.InvariantCulture,
        "it holds {0:N0} parameters, more than the limit of {1:N0}; train a smaller model, or raise the limit with the MSBuild property {2} (e.g. <{2}>{3}</{2}> in the project file)",
        parameters,
        limit,
        ParameterLimit.PropertyName,
        parameters);

    // The class's first [CharRnnModel], when this declaration carries it; null for any other part of the class.
    // With the attribute on two parts the compiler reports CS0579, and ForAttributeWithMetadataName visits both parts
    // (each with every attribute of the class in that file): bake once, from the part holding the first.
    private static AttributeData? FirstApplication(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
    {
        AttributeData? first = type.GetAttributes().FirstOrDefault(
            a => a.AttributeClass?.ToDisplayString() == AttributeMetadataName);
        SyntaxReference? place = first?.ApplicationSyntaxReference;
        return place is not null && place.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(place.Span)
            ? first
            : null;
    }

    private static IEnumerable<INamedTypeSymbol> ContainingTypes(INamedTypeSymbol type)
    {
        var containing = new Stack<INamedTypeSymbol>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Push(outer);
        }

        return containing;
    }

    private static TypeHeader Header(INamedTypeSymbol type)
    {
        string keyword = type.TypeKind switch
        {
            TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
            TypeKind.Interface => "interface",
            _ => type.IsRecord ? "record" : "class",
        };
        string name = SyntaxFacts.GetKeywordKind(type.Name) == SyntaxKind.None ? type.Name : "@" + type.Name;
        return new TypeHeader(keyword, name);
    }

    // The model file's line, found by '\n' as the reader counts lines (SourceText also breaks at U+2028 and friends).
    // A file that ends too soon is reported one line past its end: point at its last line of text instead.
    private static LocationInfo? LineLocation(string path, SourceText source, string text, int line)
    {
        if (line < 1)
        {
            return null;
        }

        TextSpan lastWithText = default;
        int start = 0;
        for (int current = 1; start < text.Length; current++)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            var span = TextSpan.FromBounds(start, end > start && text[end - 1] == '\r' ? end - 1 : end);
            if (current == line)
            {
                return new LocationInfo(path, span, source.Lines.GetLinePositionSpan(span));
            }

            lastWithText = span.IsEmpty ? lastWithText : span;
            start = end + 1;
        }

        return new LocationInfo(path, lastWithText, source.Lines.GetLinePositionSpan(lastWithText));
    }
}
