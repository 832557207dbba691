using System.Text;
using CharRnn.CompilerServices;

namespace CharRnn;

/// <summary>
/// When a generation ends: after any of <see cref="Characters"/>, once the output ends with <see cref="Text"/>, or
/// after <see cref="MaxLength"/> characters, whichever comes first (docs/determinism.md, "Stopping").
/// </summary>
/// <example>
/// <code>
/// var oneLine = new StopCondition { Characters = "\n", MaxLength = 80 };
/// </code>
/// </example>
public readonly record struct StopCondition
{
    /// <summary>Generation stops after drawing any of these characters; null for none. Must not be empty.</summary>
    public string? Characters { get; init; }

    /// <summary>Generation stops when the output ends with this text; null for none. Must not be empty.</summary>
    public string? Text { get; init; }

    /// <summary>
    /// The most characters (Unicode scalar values, one per model step) to draw, stop characters and stop text
    /// included; 0 for no limit but the destination's size.
    /// </summary>
    public int MaxLength { get; init; }

    /// <summary>Keep the stop character or stop text at the end of the output (by default it is removed).</summary>
    public bool IncludeStop { get; init; }

    /// <summary>Throws when the condition can never be used as given, naming the property and the fix.</summary>
    /// <exception cref="ArgumentException">An empty stop set or text, a lone surrogate, or a stop text longer than <see cref="MaxLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MaxLength"/> is negative.</exception>
    public void Validate()
    {
        if (MaxLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "MaxLength must be 0 (no limit) or a positive number of characters.");
        }

        if (Characters is not null)
        {
            CheckText(Characters, "The stop characters are");
        }

        if (Text is not null)
        {
            int length = CheckText(Text, "The stop text is");
            if (MaxLength > 0 && length > MaxLength)
            {
                throw new ArgumentException(
                    $"The stop text is {length} characters long, more than MaxLength ({MaxLength}), so it could never be generated; shorten it or raise MaxLength.");
            }
        }
    }

    /// <summary>Whether <paramref name="character"/> is one of <see cref="Characters"/>.</summary>
    internal bool IsStopCharacter(Rune character)
    {
        if (Characters is null)
        {
            return false;
        }

        if (character.IsBmp)
        {
            return Characters.Contains((char)character.Value, StringComparison.Ordinal);
        }

        Span<char> pair = stackalloc char[2];
        character.EncodeToUtf16(pair);
        return Characters.AsSpan().IndexOf(pair) >= 0;
    }

    // Returns the number of Unicode scalar values in a non-empty, well-formed text.
    private static int CheckText(string text, string subject)
    {
        if (text.Length == 0)
        {
            throw new ArgumentException($"{subject} empty, so nothing could ever stop there; give at least one character or leave it unset.");
        }

        return UnicodeText.CountScalars(text, subject);
    }
}
