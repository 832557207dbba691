using System.ComponentModel;
using System.Text;

namespace CharRnn.CompilerServices;

/// <summary>
/// Checks a session's options against its model's vocabulary once, before any character is fed or drawn, and builds
/// the set of drawable ids (for generated code and the dynamic path).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SessionSetup
{
    /// <summary>
    /// Validates <paramref name="options"/> for a model with <paramref name="vocabulary"/> and, when they limit what may
    /// be drawn, marks each drawable id in <paramref name="drawable"/>.
    /// </summary>
    /// <param name="vocabulary">The model's Unicode scalar values in id order.</param>
    /// <param name="options">The session's options.</param>
    /// <param name="drawable">One flag per id; written only when the method returns true.</param>
    /// <returns>Whether the options limit the drawable characters (an allowed or a denied set).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// A replacement outside the vocabulary, or an allowed or denied set that names a character outside the vocabulary,
    /// has a lone surrogate, or leaves nothing to draw.
    /// </exception>
    public static bool Prepare(ReadOnlySpan<int> vocabulary, in SamplingOptions options, Span<bool> drawable)
    {
        options.Validate();
        if (options.UnknownCharacters == UnknownCharacterPolicy.Replace && Vocabulary.IdOf(vocabulary, options.Replacement.Value) < 0)
        {
            throw new ArgumentException(
                $"The replacement for unknown prompt characters, {Vocabulary.Describe(options.Replacement)}, is not in the model's vocabulary; choose one that is, such as a space.");
        }

        if (options.AllowedCharacters is string allowed)
        {
            MarkSet(vocabulary, allowed, drawable, mark: true);
        }
        else if (options.DeniedCharacters is string denied)
        {
            MarkSet(vocabulary, denied, drawable, mark: false);
        }
        else
        {
            return false;
        }

        if (!drawable[..vocabulary.Length].Contains(true))
        {
            throw new ArgumentException(options.AllowedCharacters is null
                ? "The denied characters cover the whole vocabulary, which leaves nothing to draw; deny fewer."
                : "The allowed characters are empty, which leaves nothing to draw; allow at least one character of the vocabulary.");
        }

        return true;
    }

    // Sets every id to !mark, then each id in the set to mark (true: the allowed set). Nothing is allocated unless
    // there is an error to report.
    private static void MarkSet(ReadOnlySpan<int> vocabulary, string set, Span<bool> drawable, bool mark)
    {
        string subject = mark ? "The allowed characters" : "The denied characters";
        drawable[..vocabulary.Length].Fill(!mark);
        for (int index = 0; index < set.Length;)
        {
            int at = index;
            Rune character = UnicodeText.Next(set, ref index, mark ? "The allowed characters are" : "The denied characters are");
            int id = Vocabulary.IdOf(vocabulary, character.Value);
            if (id < 0)
            {
                throw new ArgumentException(
                    $"{subject} include {Vocabulary.Describe(character)} at index {at}, which is not in the model's vocabulary; remove it.");
            }

            drawable[id] = mark;
        }
    }
}
