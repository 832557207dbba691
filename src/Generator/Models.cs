using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CharRnn.Generator;

// The pipeline's data: plain records that compare by value. None holds an ISymbol, a SyntaxNode or a Location,
// which would keep a whole compilation alive in the cache and never compare equal across edits.

/// <summary>A source location as plain data, rebuilt into a <see cref="Location"/> only when a diagnostic is reported.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo? From(Location location) =>
        location.SourceTree is null ? null : new(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}

/// <summary>A diagnostic as plain data.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Arguments.ToArray<object>());
}

/// <summary>The keyword and (escaped) name of a type declaration, e.g. <c>class</c> and <c>Shakespeare</c>.</summary>
internal sealed record TypeHeader(string Keyword, string Name);

/// <summary>A class marked <c>[CharRnnModel]</c>: where to add the members, and the model path it asks for.</summary>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">The types it is nested in, outermost first.</param>
/// <param name="Type">The class itself.</param>
/// <param name="DisplayName">The class as the compiler displays it in messages, e.g. <c>Demo.Model</c>.</param>
/// <param name="HintName">The generated file's name, unique per class.</param>
/// <param name="ModelPath">The path as written in the attribute; null when it is unusable (see <paramref name="Diagnostics"/>).</param>
/// <param name="PathLocation">The attribute argument (or the attribute, when there is no argument).</param>
/// <param name="AlignInt8Weights">Whether an int8 model's values are copied to aligned memory rather than read in place.</param>
/// <param name="Diagnostics">What is wrong with the class or the attribute; nothing is generated when there is any.</param>
internal sealed record TargetClass(
    string? Namespace,
    EquatableArray<TypeHeader> ContainingTypes,
    TypeHeader Type,
    string DisplayName,
    string HintName,
    string? ModelPath,
    LocationInfo? PathLocation,
    bool AlignInt8Weights,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// One array the generated code holds: a tensor, vectors back to back, or an int8 matrix's values or scales, in the
/// layout the step reads.
/// </summary>
/// <param name="FieldName">The generated member, e.g. <c>Layer0Wxh</c> or <c>Layer0WxhValues</c>.</param>
/// <param name="Comment">Where the values come from in the model file, for the comment above the member.</param>
/// <param name="Count">How many values it holds.</param>
/// <param name="Bytes">The little-endian IEEE bytes of every float, or the bytes of every int8 value.</param>
/// <param name="IsInt8">Whether it holds int8 values (baked by <see cref="Int8Literal"/>) rather than floats.</param>
internal sealed record BakedTensor(string FieldName, string Comment, int Count, byte[] Bytes, bool IsInt8 = false);

/// <summary>A valid model, ready to bake.</summary>
/// <remarks>
/// Equality looks at the shape, the weight format, the vocabulary and the FNV-1a checksum of the baked bytes, never
/// at the weights themselves: a model holds up to millions of them, and the incremental cache compares models on
/// every run in which an input changed.
/// </remarks>
internal sealed record ModelSpec(
    CellType Cell,
    int Layers,
    int HiddenSize,
    WeightFormat WeightFormat,
    EquatableArray<int> Vocabulary,
    ulong WeightsChecksum,
    EquatableArray<BakedTensor> Tensors)
{
    public bool Equals(ModelSpec? other) =>
        ReferenceEquals(this, other)
        || (other is not null && Cell == other.Cell && Layers == other.Layers && HiddenSize == other.HiddenSize
            && WeightFormat == other.WeightFormat && WeightsChecksum == other.WeightsChecksum && Vocabulary.Equals(other.Vocabulary));

    public override int GetHashCode() => WeightsChecksum.GetHashCode();
}

/// <summary>Why a model file cannot be baked: the diagnostic to report for each class that names it.</summary>
/// <param name="Descriptor">The diagnostic; its message takes the attribute's path, then <paramref name="Arguments"/>.</param>
/// <param name="Arguments">The message's other arguments.</param>
/// <param name="Location">The line the problem is on; null when it concerns the whole file (reported on the attribute).</param>
internal sealed record ModelFileProblem(DiagnosticDescriptor Descriptor, EquatableArray<string> Arguments, LocationInfo? Location)
{
    public static ModelFileProblem Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, new EquatableArray<string>(arguments), location);
}

/// <summary>One <c>*.charrnn</c> additional file after parsing: a model, or the problem that stops it.</summary>
/// <param name="Path">The file's path as the compiler gives it.</param>
/// <param name="Model">The model; null when the file cannot be baked.</param>
/// <param name="Problem">What is wrong with the file; null when it is valid.</param>
internal sealed record ModelFileResult(string Path, ModelSpec? Model, ModelFileProblem? Problem);

/// <summary>What to generate for one class: its model, or the diagnostics that explain why there is none.</summary>
internal sealed record GenerationSpec(TargetClass Target, ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);
