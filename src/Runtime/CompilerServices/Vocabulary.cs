using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace CharRnn.CompilerServices;

/// <summary>
/// Maps text to character ids for a vocabulary of strictly ascending Unicode scalar values (for generated code and the
/// dynamic path).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Vocabulary
{
    /// <summary>The id of <paramref name="scalar"/>, or −1 when the vocabulary lacks it.</summary>
    internal static int IdOf(ReadOnlySpan<int> scalars, int scalar)
    {
        int id = scalars.BinarySearch(scalar);
        return id < 0 ? -1 : id;
    }

    /// <summary>
    /// Decodes the next scalar value of <paramref name="text"/> at <paramref name="index"/> and looks up its id.
    /// </summary>
    /// <exception cref="ArgumentException">A lone surrogate, or a character the vocabulary lacks.</exception>
    public static int NextId(ReadOnlySpan<int> scalars, ReadOnlySpan<char> text, ref int index)
    {
        SamplingOptions refuse = default;
        return NextId(scalars, text, ref index, in refuse);
    }

    /// <summary>
    /// Decodes the next scalar value of <paramref name="text"/> at <paramref name="index"/> and looks up its id; a
    /// character the vocabulary lacks is refused, skipped (−1) or replaced as <paramref name="options"/> say.
    /// </summary>
    /// <returns>The id to feed, or −1 when the character is skipped.</returns>
    /// <exception cref="ArgumentException">A lone surrogate, or a refused character the vocabulary lacks.</exception>
    public static int NextId(ReadOnlySpan<int> scalars, ReadOnlySpan<char> text, ref int index, in SamplingOptions options)
    {
        if (Rune.DecodeFromUtf16(text[index..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException(
                $"The prompt has a lone surrogate (U+{(int)text[index]:X4}) at index {index}; pass valid UTF-16 text.");
        }

        int id = IdOf(scalars, rune.Value);
        if (id < 0 && options.UnknownCharacters != UnknownCharacterPolicy.Refuse)
        {
            index += consumed;
            return options.UnknownCharacters == UnknownCharacterPolicy.Skip ? -1 : IdOf(scalars, options.Replacement.Value);
        }

        if (id < 0)
        {
            throw new ArgumentException(
                $"The prompt's character {Describe(rune)} at index {index} is not in the model's vocabulary; remove it, skip or replace unknown characters (SamplingOptions.UnknownCharacters; --unknown in charrnn sample), or retrain on a corpus that has it.");
        }

        index += consumed;
        return id;
    }

    /// <summary>A character as people read it in an error: <c>'é' (U+00E9)</c>, or only the code for invisible ones.</summary>
    internal static string Describe(Rune rune)
    {
        string code = "U+" + rune.Value.ToString("X4", CultureInfo.InvariantCulture);
        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        bool visible = category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.PrivateUse);
        return visible ? $"'{rune}' ({code})" : code;
    }
}
