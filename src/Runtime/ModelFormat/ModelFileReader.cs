using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CharRnn.Cells;

namespace CharRnn.ModelFormat;

/// <summary>
/// Reads the <c>charrnn 1</c> (float32) and <c>charrnn 2</c> (int8) text containers and checks everything: the version, each header line in its
/// fixed order, the shapes against the header, the data length, the checksum and (by default) that every
/// weight is finite. Any problem is one <see cref="ModelFormatException"/> that names it and its line.
/// </summary>
internal static class ModelFileReader
{
    /// <summary>The first line of every model file this reader understands.</summary>
    public const string Magic = "charrnn 1";

    /// <summary>The first line of an int8 model file (<see cref="Int8FileTable"/>), followed by <c>weights int8</c>.</summary>
    public const string Int8Magic = "charrnn 2";

    /// <summary>Parses model-file text.</summary>
    /// <param name="text">The whole file. A leading BOM and CRLF line ends are accepted.</param>
    /// <param name="checkWeights">
    /// Refuse NaN, infinite and absurdly large (beyond ±1e6) weights; on unless a test needs raw bits.
    /// </param>
    /// <exception cref="ModelFormatException">The text is not a valid model file.</exception>
    public static ModelFile Read(string text, bool checkWeights = true)
    {
        var lines = new LineCursor(text);
        bool int8 = ReadMagic(lines);
        CellType cell = ParseCell(lines.Expect("cell"), lines.Number);
        int layers = ParseInt(lines.Expect("layers"), lines.Number);
        int hiddenSize = ParseInt(lines.Expect("hidden_size"), lines.Number);
        int vocabularySize = ParseInt(lines.Expect("vocab_size"), lines.Number);
        ModelValidation.CheckShape(cell, layers, hiddenSize, vocabularySize, lines.Number);
        int[] vocabulary = ParseVocabulary(lines.Expect("vocab"), vocabularySize, lines.Number);
        var facts = new TrainingFacts(
            Corpus: lines.Expect("corpus"),
            CharactersSeen: (long)ParseWhole(lines.Expect("chars_seen"), lines.Number, long.MaxValue),
            TrainLoss: ParseDouble(lines.Expect("train_loss"), lines.Number),
            ValidationLoss: ParseDouble(lines.Expect("val_loss"), lines.Number),
            Seed: ParseWhole(lines.Expect("seed"), lines.Number, ulong.MaxValue));

        IReadOnlyList<TensorInfo> tensors = ModelSchema.ExpectedTensors(cell, layers, hiddenSize, vocabularySize);
        if (int8)
        {
            List<Int8FileTable.Row> rows = Int8FileTable.Rows(tensors);
            ExpectTensorRows(lines, rows.Select(row => row.Text));
            byte[] data = ReadCheckedData(lines, Int8FileTable.DataLength(rows), out int int8Line);
            return Int8ModelReader.Decode(cell, layers, hiddenSize, vocabulary, facts, tensors, rows, data, int8Line, checkWeights);
        }

        ExpectTensorRows(lines, tensors.Select(t => t.Name + " " + t.ShapeText + " " + t.Offset.ToString(CultureInfo.InvariantCulture)));
        long expectedBytes = ModelSchema.ParameterCount(cell, layers, hiddenSize, vocabularySize) * sizeof(float);
        byte[] bytes = ReadCheckedData(lines, expectedBytes, out int dataLine);
        float[] weights = TensorBytes.FromLittleEndian(bytes);
        if (checkWeights)
        {
            CheckWeights(weights, tensors, dataLine);
        }

        return ModelFile.Adopt(cell, layers, hiddenSize, vocabulary, weights, facts);
    }

    private static void ExpectTensorRows(LineCursor lines, IEnumerable<string> expectedRows)
    {
        foreach (string wanted in expectedRows)
        {
            string row = lines.Expect("tensor");
            if (row != wanted)
            {
                throw new ModelFormatException(
                    $"tensor row '{row}' disagrees with the header, which needs '{wanted}'", lines.Number, ModelProblem.ShapeMismatch);
            }
        }
    }

    // The checksum line, then a data section of exactly the length the table needs, matching the checksum.
    private static byte[] ReadCheckedData(LineCursor lines, long expectedBytes, out int dataLine)
    {
        ulong checksum = ParseChecksum(lines.Expect("checksum"), lines.Number);
        lines.ExpectExactly("data");
        dataLine = lines.Number + 1;
        byte[] bytes = ReadData(lines);
        if (bytes.Length != expectedBytes)
        {
            throw new ModelFormatException(
                $"the data section holds {bytes.Length} bytes but the tensor table needs {expectedBytes}; the file is truncated or was edited",
                dataLine,
                ModelProblem.ShapeMismatch);
        }

        ulong actual = Fnv1a64.Hash(bytes);
        if (actual != checksum)
        {
            throw new ModelFormatException(
                $"the tensor data's checksum is {actual:x16} but the header says {checksum:x16}; the file is corrupt or was edited",
                dataLine,
                ModelProblem.ChecksumMismatch);
        }

        return bytes;
    }

    // Version 1 holds float32 weights; version 2 names its weight format on the next line ('weights int8').
    private static bool ReadMagic(LineCursor lines)
    {
        string first = lines.Next("the first line 'charrnn 1'");
        if (first == Magic)
        {
            return false;
        }

        if (first == Int8Magic)
        {
            string format = lines.Expect("weights");
            return format == "int8"
                ? true
                : throw new ModelFormatException(
                    $"weight format '{Shorten(format)}' is not supported; a version 2 file holds 'weights int8'", lines.Number, ModelProblem.UnsupportedVersion);
        }

        if (first.StartsWith("charrnn ", StringComparison.Ordinal))
        {
            throw new ModelFormatException(
                $"model file version '{first.Substring(8)}' is not supported; this CharRnn reads versions 1 (float32) and 2 (int8) (retrain the model with a matching charrnn)",
                1,
                ModelProblem.UnsupportedVersion);
        }

        throw new ModelFormatException("not a CharRnn model file: the first line must be 'charrnn 1' or 'charrnn 2'", 1);
    }

    private static CellType ParseCell(string value, int line) =>
        CellCatalog.TryParse(value, out CellType cell)
            ? cell
            : throw new ModelFormatException($"unknown cell '{value}'; known cells: {CellCatalog.KnownNames}", line);

    private static int[] ParseVocabulary(string value, int vocabularySize, int line)
    {
        string[] items = value.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        if (items.Length != vocabularySize)
        {
            throw new ModelFormatException(
                $"the vocabulary lists {items.Length} characters but vocab_size is {vocabularySize}", line, ModelProblem.ShapeMismatch);
        }

        var vocabulary = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i].Length > 6 || !int.TryParse(items[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out vocabulary[i]))
            {
                throw new ModelFormatException($"vocabulary entry {i} ('{Shorten(items[i])}') is not a hexadecimal code point", line);
            }
        }

        ModelValidation.CheckVocabulary(vocabulary, line);
        return vocabulary;
    }

    private static byte[] ReadData(LineCursor lines)
    {
        var base64 = new StringBuilder();
        while (true)
        {
            string line = lines.Next("the 'end' line after the data");
            if (line == "end")
            {
                break;
            }

            if (lines.AtEnd)
            {
                throw new ModelFormatException("the file ends inside the data section, before the 'end' line; it is truncated", lines.Number);
            }

            if (line.Length % 4 != 0 || !IsBase64(line))
            {
                throw new ModelFormatException("the data line is not base64; the file is corrupt or was edited", lines.Number);
            }

            base64.Append(line);
        }

        lines.ExpectOnlyBlankLinesLeft();
        try
        {
            return Convert.FromBase64String(base64.ToString());
        }
        catch (FormatException)
        {
            throw new ModelFormatException("the data section is not valid base64 (padding inside the data)", lines.Number);
        }
    }

    private static bool IsBase64(string line)
    {
        foreach (char c in line)
        {
            bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    // Trained weights are small (a few units at most); anything beyond this bound can only come from a diverged
    // run or a hostile file, and would overflow the logits to infinity and NaN while sampling.
    internal const float MaxWeightMagnitude = 1e6f;

    internal static void CheckWeights(float[] weights, IReadOnlyList<TensorInfo> tensors, int line)
    {
        foreach (TensorInfo tensor in tensors)
        {
            for (int i = 0; i < tensor.Length; i++)
            {
                float value = weights[tensor.Offset + i];
                if (float.IsNaN(value) || float.IsInfinity(value))
                {
                    throw new ModelFormatException(
                        $"weight {i} of tensor {tensor.Name} is {value.ToString(CultureInfo.InvariantCulture)}; every weight must be finite (the training run diverged)",
                        line,
                        ModelProblem.NonFiniteWeights);
                }

                if (Math.Abs(value) > MaxWeightMagnitude)
                {
                    throw new ModelFormatException(
                        $"weight {i} of tensor {tensor.Name} is {value.ToString("R", CultureInfo.InvariantCulture)}; weights beyond ±1e6 would overflow sampling (the training run diverged or the file was edited)",
                        line,
                        ModelProblem.NonFiniteWeights);
                }
            }
        }
    }

    // Counts, sizes and the seed: digits only (no sign, no spaces), at most `max`.
    private static ulong ParseWhole(string value, int line, ulong max) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong result) && result <= max
            ? result
            : throw new ModelFormatException($"'{Shorten(value)}' is not a whole number from 0 to {max}", line);

    private static int ParseInt(string value, int line) => (int)ParseWhole(value, line, int.MaxValue);

    private static double ParseDouble(string value, int line) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double result)
            ? result
            : throw new ModelFormatException($"'{Shorten(value)}' is not a number", line);

    private static ulong ParseChecksum(string value, int line)
    {
        const string prefix = "fnv1a64 ";
        if (!value.StartsWith(prefix, StringComparison.Ordinal) || value.Length != prefix.Length + 16
            || !ulong.TryParse(value.Substring(prefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong checksum))
        {
            throw new ModelFormatException("the checksum line must read 'checksum fnv1a64 ' and 16 hexadecimal digits", line);
        }

        return checksum;
    }

    internal static string Shorten(string value) => value.Length <= 40 ? value : value.Substring(0, 40) + "…";
}
