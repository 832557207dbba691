using System.Buffers;
using System.Text;

namespace CharRnn;

/// <summary>Reads option text as Unicode scalar values, refusing lone surrogates with a message that names the option.</summary>
internal static class UnicodeText
{
    /// <summary>The scalar value at <paramref name="index"/>; advances the index past it.</summary>
    /// <param name="text">The option's text.</param>
    /// <param name="index">Where the scalar value starts; moved past it.</param>
    /// <param name="subject">The option as an error's subject, e.g. "The stop text is".</param>
    /// <exception cref="ArgumentException">A lone surrogate.</exception>
    public static Rune Next(string text, ref int index, string subject)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out Rune rune, out int consumed) != OperationStatus.Done)
        {
            throw new ArgumentException(
                $"{subject} not valid UTF-16: a lone surrogate (U+{(int)text[index]:X4}) at index {index}; pass whole characters.");
        }

        index += consumed;
        return rune;
    }

    /// <summary>The number of scalar values in <paramref name="text"/>.</summary>
    public static int CountScalars(string text, string subject)
    {
        int count = 0;
        for (int index = 0; index < text.Length; count++)
        {
            Next(text, ref index, subject);
        }

        return count;
    }
}
