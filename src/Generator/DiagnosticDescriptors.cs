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

    /// <summary>The model file is not a well-formed model file: a header line is missing or malformed, the data is not base64, or it is truncated.</summary>
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

    /// <summary>The compiler could not read the model file's text.</summary>
    public static readonly DiagnosticDescriptor ModelFileUnreadable = Create(
        "CHARRNN007",
        "Model file cannot be read",
        "Model file '{0}' could not be read; check that it exists and that the build may read it (model files listed as AdditionalFiles must be UTF-8 text)");

    /// <summary>The model file was written in a format version this generator does not read.</summary>
    public static readonly DiagnosticDescriptor ModelFileVersion = Create(
        "CHARRNN008",
        "Model file version is not supported",
        "Model file '{0}' cannot be baked: {1}");

    /// <summary>The tensor data does not hash to the checksum the header records.</summary>
    public static readonly DiagnosticDescriptor ModelFileChecksum = Create(
        "CHARRNN009",
        "Model file checksum does not match",
        "Model file '{0}' is corrupt: {1}; write it again with charrnn train, never edit it by hand");

    /// <summary>The tensor table, the vocabulary or the data length disagrees with the header's sizes.</summary>
    public static readonly DiagnosticDescriptor ModelFileShape = Create(
        "CHARRNN010",
        "Model file shapes disagree with its header",
        "Model file '{0}' disagrees with its own header: {1}");

    /// <summary>A weight is NaN, infinite, or large enough to overflow sampling.</summary>
    public static readonly DiagnosticDescriptor ModelFileNonFinite = Create(
        "CHARRNN011",
        "Model file holds non-finite weights",
        "Model file '{0}' cannot be baked: {1}");

    /// <summary>The model holds more parameters than the project allows (or than the format allows).</summary>
    public static readonly DiagnosticDescriptor ModelTooLarge = Create(
        "CHARRNN012",
        "Model is too large to bake",
        "Model file '{0}' is too large to bake: {1}");

    /// <summary>Two classes name the same model file, which would bake its weights twice.</summary>
    public static readonly DiagnosticDescriptor ModelBakedTwice = Create(
        "CHARRNN013",
        "Model file is baked by more than one class",
        "Model file '{0}' is baked by more than one class ({1}); keep [CharRnnModel] on one of them and call that class from the others");

    /// <summary>The MSBuild property that sets the size limit is not a usable number.</summary>
    public static readonly DiagnosticDescriptor ParameterLimitInvalid = Create(
        "CHARRNN014",
        "CharRnnMaxParameters is not a valid number",
        "Model file '{0}' is not baked: the MSBuild property CharRnnMaxParameters is '{1}'; set it to a whole number above 0, e.g. <CharRnnMaxParameters>8000000</CharRnnMaxParameters>");

    /// <summary>The MSBuild property that sets the string-literal budget is not a usable number.</summary>
    public static readonly DiagnosticDescriptor StringBudgetInvalid = Create(
        "CHARRNN015",
        "CharRnnStringWeightChars is not a valid number",
        "Model file '{0}' is not baked: the MSBuild property CharRnnStringWeightChars is '{1}'; set it to a whole number of 0 or more, e.g. <CharRnnStringWeightChars>6500000</CharRnnStringWeightChars>, or remove it");

    /// <summary>An int8 model holds a value of -128 or a row scale that is not finite, positive and small enough.</summary>
    public static readonly DiagnosticDescriptor ModelFileQuantization = Create(
        "CHARRNN016",
        "Model file holds invalid int8 weights",
        "Model file '{0}' cannot be baked: {1}");

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
