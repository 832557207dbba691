using Microsoft.CodeAnalysis;

namespace CharRnn.Generator;

/// <summary>
/// Every diagnostic the generator reports. Ids are stable and documented, with an example and the fix, in
/// docs/diagnostics.md; each message says what is wrong and how to fix it.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CharRnn";

    /// <summary>The attribute names a file that no <c>AdditionalFiles</c> item provides.</summary>
    public static readonly DiagnosticDescriptor ModelFileNotListed = Create(
        "CHARRNN001",
        "Model file is not listed in AdditionalFiles",
        "Model file '{0}' is not listed in AdditionalFiles; add <AdditionalFiles Include=\"{0}\" /> to the project (model files listed now: {1})");

    /// <summary>The model file was found but cannot be baked.</summary>
    public static readonly DiagnosticDescriptor ModelFileInvalid = Create(
        "CHARRNN002",
        "Model file is invalid",
        "Model file '{0}' is invalid: {1}");

    /// <summary>Generated members can only be added to a partial type.</summary>
    public static readonly DiagnosticDescriptor TypeNotPartial = Create(
        "CHARRNN003",
        "Model class must be partial",
        "'{0}' must be declared partial so the CharRnn generator can add the model to it; add the 'partial' modifier");

    /// <summary>A baked model has fixed shapes and no type parameters to fill in.</summary>
    public static readonly DiagnosticDescriptor TypeGeneric = Create(
        "CHARRNN004",
        "Model class cannot be generic",
        "'{0}' is generic or nested inside a generic type; bake the model into a non-generic class that is not nested in a generic type");

    /// <summary>The attribute argument is not a usable path.</summary>
    public static readonly DiagnosticDescriptor PathMissing = Create(
        "CHARRNN005",
        "Model path is missing",
        "[CharRnnModel] on '{0}' needs the model file's path as a constant, non-empty string, e.g. [CharRnnModel(\"Models/model.charrnn\")]");

    /// <summary>The attribute path is the tail of more than one listed file.</summary>
    public static readonly DiagnosticDescriptor PathAmbiguous = Create(
        "CHARRNN006",
        "Model path matches more than one file",
        "Model path '{0}' matches several AdditionalFiles ({1}); write more of the path so it names exactly one");

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
