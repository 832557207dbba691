using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CharRnn.Training.Interop;

/// <summary>
/// A vocabulary as PyTorch users keep it: a JSON array of one-character strings, the character of id 0 first
/// (for example <c>json.dump(chars, f)</c> of a <c>chars = sorted(set(text))</c>).
/// </summary>
internal static class VocabularyFile
{
    /// <summary>Far above the largest vocabulary a model may have, written as escapes.</summary>
    private const long MaxFileBytes = 16L << 20;

    /// <summary>Reads the characters, as Unicode scalar values in id order.</summary>
    /// <exception cref="ImportException">The file is missing or is not an array of distinct one-character strings.</exception>
    public static int[] Read(string path, string option) => InputFile.Read(path, option, MaxFileBytes, Parse);

    /// <summary>Parses the JSON text; the messages name the entry at fault, not the file.</summary>
    public static int[] Parse(byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ImportException($"not valid JSON ({e.Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')}); it must be a JSON array of one-character strings");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ImportException("not a JSON array; it must be an array of one-character strings in id order, such as [\"\\n\", \" \", \"a\"]");
            }

            var scalars = new List<int>();
            var ids = new Dictionary<int, int>();
            foreach (JsonElement item in document.RootElement.EnumerateArray())
            {
                int id = scalars.Count;
                int scalar = Character(item, id);
                if (!ids.TryAdd(scalar, id))
                {
                    throw new ImportException($"entries {ids[scalar]} and {id} are both {Describe(scalar)}; each character must appear once");
                }

                scalars.Add(scalar);
            }

            if (scalars.Count == 0)
            {
                throw new ImportException("the array is empty; it must list the model's characters in id order");
            }

            return [.. scalars];
        }
    }

    private static bool TryGetString(JsonElement item, out string? value)
    {
        try
        {
            value = item.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }

    private static int Character(JsonElement item, int id)
    {
        if (item.ValueKind != JsonValueKind.String)
        {
            throw new ImportException($"entry {id} is {item.GetRawText()}, not a string; each entry must be one character");
        }

        // A lone surrogate escape ("\ud800") is no character: the parser refuses to make a string of it.
        string? text = TryGetString(item, out string? value) ? value : null;
        if (text is null || Rune.DecodeFromUtf16(text, out Rune rune, out int length) != System.Buffers.OperationStatus.Done || length != text.Length)
        {
            throw new ImportException($"entry {id} is {item.GetRawText()}, not one character; each entry must be exactly one character (one Unicode scalar value)");
        }

        return rune.Value;
    }

    public static string Describe(int scalar) =>
        "U+" + scalar.ToString("X4", CultureInfo.InvariantCulture)
        + (Rune.IsControl(new Rune(scalar)) || Rune.IsWhiteSpace(new Rune(scalar)) ? "" : " '" + char.ConvertFromUtf32(scalar) + "'");
}
