using System.Globalization;

namespace CharRnn.Generator;

/// <summary>
/// Writes the model's data: the vocabulary as hex numbers, and each tensor as one raw string literal of base64 that
/// Runtime's <c>BakedWeights.Decode</c> turns into floats once, when the class is first used (an array segment that
/// starts on a 64-byte boundary).
/// </summary>
/// <remarks>
/// A literal per tensor, not a number per weight: the compiler then reads one token instead of one per weight
/// (docs/embedding.md#build-cost has the build cost). Ordinary (UTF-16) literals are cheapest to compile but live in the
/// assembly's user-string heap, which holds 16 MB in all; past the project's <see cref="StringBudget"/> (see
/// <see cref="LiteralPlan"/>) the tensors become <c>u8</c> literals, which live in the assembly's data instead and
/// cost the compiler more per byte. The floats are static readonly array segments, not <c>ReadOnlySpan</c> properties, because Debug code would allocate on every read of those (dotnet/runtime#122336)
/// and the sampler reads them every character.
/// </remarks>
internal static class DataEmitter
{
    private const int NumbersPerLine = 8;

    // 96 base64 characters (72 bytes, 18 floats) a line keep generated lines under 120 characters.
    private const int Base64PerLine = 96;

    private const string Decode = "global::CharRnn.CompilerServices.BakedWeights.Decode(";

    /// <summary>Roughly how many characters <see cref="Write"/> produces, to size the writer once.</summary>
    public static long EstimatedLength(ModelSpec model) =>
        (model.Vocabulary.Length * 8L)
        + model.Tensors.Sum(t => (Base64Length(t) * (Base64PerLine + 9) / Base64PerLine) + 256);

    /// <summary>The characters the weights take as string literals: the base64 and a line break a line.</summary>
    public static long StringCharacters(ModelSpec model) =>
        model.Tensors.Sum(t => Base64Length(t) * (Base64PerLine + 1) / Base64PerLine);

    /// <summary>Writes the data; the tensors as <c>u8</c> literals when <paramref name="utf8Literals"/>.</summary>
    public static void Write(SourceWriter writer, ModelSpec model, bool utf8Literals)
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
    }

    private static long Base64Length(BakedTensor tensor) => (tensor.Bytes.LongLength + 2) / 3 * 4;
}
