using System.Text;

namespace CharRnn.Training.Course;

/// <summary>A per-character feature of a text: its name, its exact definition (shown in the page) and its values.</summary>
internal sealed record CellsFeature(string Name, string Definition, double[] Values);

/// <summary>
/// The simple features the cells page correlates units with. Each is a function of the characters read so far,
/// up to and including character t, because the activation at t is the state after reading character t.
/// </summary>
internal static class CellsFeatures
{
    public static IReadOnlyList<CellsFeature> Compute(ReadOnlySpan<int> text) =>
    [
        new("inside quotes", "1 when an odd number of double quotes (\", U+0022) are among the characters read so far, including this one (the opening quote counts as inside, the closing one as outside); else 0.", InsideQuotes(text)),
        new("position in line", "The number of characters read since the last line break: 1 for a line's first character, 0 for the line break itself.", PositionInLine(text)),
        new("inside brackets", "1 while more ( [ { than ) ] } have been read, counting this character (an opening bracket is inside, the closing one that matches it outside; a closing bracket with none open is ignored); else 0.", InsideBrackets(text)),
        new("after a newline", "1 when this character is a line break (LF; CR and CRLF are read as LF), i.e. the state right after a newline, predicting the next line's first character; else 0.", AfterNewline(text)),
        new("inside a word", "1 when this character is a letter (Unicode category L*) or an apostrophe (') right after a letter; else 0.", InsideWord(text)),
        new("capitals line", "1 when at least one letter has been read since the last line break and all of them are capitals (a speaker's name such as ROMEO: in a play); else 0.", CapitalsLine(text)),
    ];

    private static double[] InsideQuotes(ReadOnlySpan<int> text)
    {
        var values = new double[text.Length];
        bool inside = false;
        for (int t = 0; t < text.Length; t++)
        {
            inside ^= text[t] == '"';
            values[t] = inside ? 1 : 0;
        }

        return values;
    }

    private static double[] PositionInLine(ReadOnlySpan<int> text)
    {
        var values = new double[text.Length];
        int position = 0;
        for (int t = 0; t < text.Length; t++)
        {
            position = text[t] == '\n' ? 0 : position + 1;
            values[t] = position;
        }

        return values;
    }

    private static double[] InsideBrackets(ReadOnlySpan<int> text)
    {
        var values = new double[text.Length];
        int depth = 0;
        for (int t = 0; t < text.Length; t++)
        {
            if (text[t] is '(' or '[' or '{')
            {
                depth++;
            }
            else if (text[t] is ')' or ']' or '}' && depth > 0)
            {
                depth--;
            }

            values[t] = depth > 0 ? 1 : 0;
        }

        return values;
    }

    private static double[] AfterNewline(ReadOnlySpan<int> text)
    {
        var values = new double[text.Length];
        for (int t = 0; t < text.Length; t++)
        {
            values[t] = text[t] == '\n' ? 1 : 0;
        }

        return values;
    }

    private static double[] InsideWord(ReadOnlySpan<int> text)
    {
        var values = new double[text.Length];
        for (int t = 0; t < text.Length; t++)
        {
            values[t] = IsLetter(text[t]) || (text[t] == '\'' && t > 0 && IsLetter(text[t - 1])) ? 1 : 0;
        }

        return values;
    }

    private static double[] CapitalsLine(ReadOnlySpan<int> text)
    {
        var values = new double[text.Length];
        bool sawLetter = false, allCapitals = true;
        for (int t = 0; t < text.Length; t++)
        {
            if (text[t] == '\n')
            {
                (sawLetter, allCapitals) = (false, true);
            }
            else if (IsLetter(text[t]))
            {
                sawLetter = true;
                allCapitals &= Rune.IsUpper(new Rune(text[t]));
            }

            values[t] = sawLetter && allCapitals ? 1 : 0;
        }

        return values;
    }

    private static bool IsLetter(int scalar) => Rune.IsLetter(new Rune(scalar));
}
