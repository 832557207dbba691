using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using CharRnn.Cells;

namespace CharRnn.ModelFormat;

/// <summary>
/// Writes the <c>charrnn 1</c> (float32) and <c>charrnn 2</c> (int8) text containers: a header a person can read, then the tensor bytes in base64.
/// The header lists keys in a fixed order and the output ends with a newline, so equal models give equal files.
/// </summary>
internal static class ModelFileWriter
{
    /// <summary>The base64 characters per data line; a multiple of 4 so lines decode on their own.</summary>
    public const int Base64LineLength = 76;

    /// <summary>Formats <paramref name="model"/> as model-file text (LF line ends).</summary>
    public static string Write(ModelFile model)
    {
        byte[] bytes = model.Int8 is null ? TensorBytes.ToLittleEndian(model.Weights.AsSpan()) : Int8Data(model, model.Int8);
        var text = new StringBuilder(bytes.Length * 4 / 3 + 4096);
        if (model.Int8 is null)
        {
            Line(text, ModelFileReader.Magic);
        }
        else
        {
            Line(text, ModelFileReader.Int8Magic);
            Line(text, "weights int8");
        }

        Line(text, "cell " + CellCatalog.Name(model.Cell));
        Line(text, "layers " + Format(model.Layers));
        Line(text, "hidden_size " + Format(model.HiddenSize));
        Line(text, "vocab_size " + Format(model.VocabularySize));
        var vocabulary = new StringBuilder("vocab");
        foreach (int scalar in model.Vocabulary)
        {
            vocabulary.Append(' ').Append(scalar.ToString("X4", CultureInfo.InvariantCulture));
        }

        Line(text, vocabulary.ToString());
        Line(text, "corpus " + SanitizeName(model.Facts.Corpus));
        Line(text, "chars_seen " + model.Facts.CharactersSeen.ToString(CultureInfo.InvariantCulture));
        Line(text, "train_loss " + model.Facts.TrainLoss.ToString("R", CultureInfo.InvariantCulture));
        Line(text, "val_loss " + model.Facts.ValidationLoss.ToString("R", CultureInfo.InvariantCulture));
        Line(text, "seed " + model.Facts.Seed.ToString(CultureInfo.InvariantCulture));
        foreach (string row in TensorRows(model))
        {
            Line(text, "tensor " + row);
        }

        Line(text, "checksum fnv1a64 " + Fnv1a64.Hash(bytes).ToString("x16", CultureInfo.InvariantCulture));
        Line(text, "data");
        string base64 = Convert.ToBase64String(bytes);
        for (int start = 0; start < base64.Length; start += Base64LineLength)
        {
            Line(text, base64.Substring(start, Math.Min(Base64LineLength, base64.Length - start)));
        }

        Line(text, "end");
        return text.ToString();
    }

    private static IEnumerable<string> TensorRows(ModelFile model) =>
        model.Int8 is null
            ? model.Tensors.Select(tensor => tensor.Name + " " + tensor.ShapeText + " " + Format(tensor.Offset))
            : Int8FileTable.Rows(model.Tensors).Select(row => row.Text);

    // Each row of the int8 table: a matrix's values as bytes, its scales and the vectors as little-endian float32.
    private static byte[] Int8Data(ModelFile model, Int8Tensors int8)
    {
        List<Int8FileTable.Row> rows = Int8FileTable.Rows(model.Tensors);
        var bytes = new byte[Int8FileTable.DataLength(rows)];
        foreach (Int8FileTable.Row row in rows)
        {
            TensorInfo tensor = row.Tensor;
            byte[] part = row.IsScale
                ? TensorBytes.ToLittleEndian(int8.Scales.AsSpan(int8.ScaleOffsets[tensor.Name], tensor.Rows))
                : tensor.IsVector
                    ? TensorBytes.ToLittleEndian(model.Weights.AsSpan(tensor.Offset, tensor.Length))
                    : MemoryMarshal.AsBytes(int8.Values.AsSpan(tensor.Offset, tensor.Length)).ToArray();
            part.CopyTo(bytes, row.ByteOffset);
        }

        return bytes;
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    // The corpus name is one header line: keep it printable and single-line whatever the file was called.
    private static string SanitizeName(string name)
    {
        var clean = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            clean.Append(char.IsControl(c) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' ? '_' : c);
        }

        return clean.Length == 0 ? "unnamed" : clean.ToString();
    }
}
