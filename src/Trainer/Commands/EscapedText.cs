using System.Text;

namespace CharRnn.CommandLine;

/// <summary>
/// Decodes the C-style escapes command lines use for characters a shell makes hard to type (shared by
/// <c>charrnn sample</c> and the ConsoleSampler): <c>\n \t \r \0 \\ \" \'</c>, <c>\xHH</c>, <c>\uHHHH</c> and
/// <c>\UHHHHHHHH</c>, each naming one Unicode scalar value.
/// </summary>
internal static class EscapedText
{
    public const string Escapes = @"\n, \t, \r, \0, \\, \"", \', \xHH, \uHHHH or \UHHHHHHHH";

    /// <summary>Decodes <paramref name="text"/>; on failure returns null and a message naming the bad escape.</summary>
    public static string? Decode(string text, out string? error)
    {
        var decoded = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                decoded.Append(text[i]);
                continue;
            }

            int start = i;
            char kind = i + 1 < text.Length ? text[++i] : '\0';
            int digits = kind switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
            char? simple = kind switch
            {
                'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', '\\' => '\\', '"' => '"', '\'' => '\'', _ => null,
            };
            if (simple is char character)
            {
                decoded.Append(character);
            }
            else if (digits > 0 && i + digits < text.Length && TryHex(text.AsSpan(i + 1, digits), out int value)
                && Rune.TryCreate(value, out Rune rune))
            {
                decoded.Append(rune.ToString());
                i += digits;
            }
            else
            {
                string escape = text.Substring(start, Math.Min(digits + 2, text.Length - start));
                error = $"has the escape '{escape}' at index {start}, which is not one of {Escapes} (a Unicode scalar value; write a backslash as \\\\)";
                return null;
            }
        }

        error = null;
        return decoded.ToString();
    }

    // A plain loop rather than int.Parse: it keeps the NativeAOT ConsoleSampler free of the general number parser.
    private static bool TryHex(ReadOnlySpan<char> digits, out int value)
    {
        long sum = 0;
        foreach (char digit in digits)
        {
            if (!char.IsAsciiHexDigit(digit))
            {
                value = 0;
                return false;
            }

            sum = (sum * 16) + (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        value = sum > int.MaxValue ? -1 : (int)sum;
        return true;
    }
}
