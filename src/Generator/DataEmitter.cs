using System.Globalization;

namespace CharRnn.Generator;

/// <summary>
/// Writes the model's data: the vocabulary as hex numbers, each float tensor as one raw string literal of base64 that
/// Runtime's <c>BakedWeights.Decode</c> turns into floats once, when the class is first used (an array segment that
/// starts on a 64-byte boundary), and each int8 matrix's values as one string literal (<see cref="Int8Literal"/>)
/// that <c>BakedWeights.Int8</c> views in place on every read, never copied (or, for a class whose attribute sets
/// <c>AlignInt8Weights</c>, that <c>BakedWeights.AlignedInt8</c> copies once to a 64-byte boundary).
/// </summary>
/// <remarks>
/// A literal per tensor, not a number per weight: the compiler then reads one token instead of one per weight
/// (docs/embedding.md#build-cost has the build cost). Ordinary (UTF-16) literals are cheapest to compile but live in the
/// assembly's user-string heap, which holds 16 MB in all; past the project's <see cref="StringBudget"/> (see
/// <see cref="LiteralPlan"/>) the float tensors become <c>u8</c> literals, which live in the assembly's data instead and
/// cost the compiler more per byte. Int8 values stay UTF-16 literals whatever the budget. The floats are static
/// readonly array segments, not <c>ReadOnlySpan</c> properties, because Debug code would allocate on every read of
/// those (dotnet/runtime#122336) and the sampler reads them every character; the int8 properties return a view of a
/// string literal, which allocates nothing in any build.
/// </remarks>
internal static class DataEmitter
{
    private const int NumbersPerLine = 8;

    // 96 base64 characters (72 bytes, 18 floats) a line keep generated lines under 120 characters.
    private const int Base64PerLine = 96;

    private const string Decode = "global::CharRnn.CompilerServices.BakedWeights.Decode(";

    private const string Int8 = "global::CharRnn.CompilerServices.BakedWeights.Int8(";

    private const string AlignedInt8 = "global::CharRnn.CompilerServices.BakedWeights.AlignedInt8(";

    /// <summary>Roughly how many characters <see cref="Write"/> produces, to size the writer once.</summary>
    public static long EstimatedLength(ModelSpec model) =>
        (model.Vocabulary.Length * 8L)
        + model.Tensors.Sum(t => (t.IsInt8 ? Int8Literal.MaxSourceLength(t.Count) : Base64Length(t) * (Base64PerLine + 9) / Base64PerLine) + 256);

    /// <summary>
    /// The characters the float tensors take as string literals (the base64 and a line break a line): what the
    /// string budget may move into <c>u8</c> literals.
    /// </summary>
    public static long StringCharacters(ModelSpec model) =>
        model.Tensors.Where(t => !t.IsInt8).Sum(t => Base64Length(t) * (Base64PerLine + 1) / Base64PerLine);

    /// <summary>The characters the int8 values take as string literals, which stay string literals whatever the budget.</summary>
    public static long Int8Characters(ModelSpec model) =>
        model.Tensors.Where(t => t.IsInt8).Sum(t => Int8Literal.Characters(t.Count));

    /// <summary>
    /// Writes the data; the float tensors as <c>u8</c> literals when <paramref name="utf8Literals"/>, the int8 values
    /// copied once to aligned memory when <paramref name="alignInt8"/>.
    /// </summary>
    public static void Write(SourceWriter writer, ModelSpec model, bool utf8Literals, bool alignInt8)
    {
        string closing = utf8Literals ? "\"\"\"u8);" : "\"\"\");";
        writer.Line("// The vocabulary: Unicode scalar values in id order.");
        writer.Line("private static readonly int[] VocabularyScalars = new int[]");
        writer.Numbers(
            model.Vocabulary.Select(scalar => "0x" + scalar.ToString("X4", CultureInfo.InvariantCulture)), NumbersPerLine);
        foreach (BakedTensor tensor in model.Tensors)
        {
            writer.Line();
            writer.Line("// " + tensor.Comment);
            if (tensor.IsInt8)
            {
                WriteInt8(writer, tensor, alignInt8);
            }
            else
            {
                WriteFloats(writer, tensor, closing);
            }
        }
    }

    private static void WriteFloats(SourceWriter writer, BakedTensor tensor, string closing)
    {
        writer.Line("private static readonly global::System.ArraySegment<float> " + tensor.FieldName + " =");
        writer.Indent(1);
        writer.Line(Decode);
        writer.Indent(1);
        writer.Line(tensor.Count.ToString(CultureInfo.InvariantCulture) + ",");
        writer.Line("\"\"\"");
        string base64 = Convert.ToBase64String(tensor.Bytes);
        for (int start = 0; start < base64.Length; start += Base64PerLine)
        {
            writer.Line(base64.Substring(start, Math.Min(Base64PerLine, base64.Length - start)));
        }

        writer.Line(closing);
        writer.Indent(-2);
    }

    // In place, a property, not a field: it returns a view of the literal itself, which costs nothing to take again.
    // Aligned, a field like the floats': the copy is made once.
    private static void WriteInt8(SourceWriter writer, BakedTensor tensor, bool aligned)
    {
        writer.Line(aligned
            ? "private static readonly global::System.ArraySegment<sbyte> " + tensor.FieldName + " ="
            : "private static global::System.ReadOnlySpan<sbyte> " + tensor.FieldName + " =>");
        writer.Indent(1);
        writer.Line(aligned ? AlignedInt8 : Int8);
        writer.Indent(1);
        writer.Line(tensor.Count.ToString(CultureInfo.InvariantCulture) + ",");
        writer.Line(Int8Literal.Write(tensor.Bytes) + ");");
        writer.Indent(-2);
    }

    private static long Base64Length(BakedTensor tensor) => (tensor.Bytes.LongLength + 2) / 3 * 4;
}
