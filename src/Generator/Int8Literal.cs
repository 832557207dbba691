using System.Text;

namespace CharRnn.Generator;

/// <summary>
/// Writes int8 values as one C# string literal that Runtime's <c>BakedWeights.Int8</c> views in place: two values
/// per char, the first in the low byte, an odd count padded with a zero. The literal is UTF-16, not <c>u8</c>,
/// because arbitrary bytes are not UTF-8; it lands in the assembly's user-string heap at one byte per value.
/// </summary>
/// <remarks>
/// Printable ASCII other than <c>"</c> and <c>\</c> is written as itself and every other char as a <c>\uXXXX</c>
/// escape, lone surrogates included: the compiler stores a string literal's UTF-16 units as they are, so every one of
/// the 65,536 chars comes back unchanged, and the generated file stays ASCII.
/// </remarks>
internal static class Int8Literal
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>The chars the literal holds for <paramref name="count"/> values.</summary>
    public static long Characters(long count) => (count + 1) / 2;

    /// <summary>The most source characters the literal of <paramref name="count"/> values takes, quotes included.</summary>
    public static long MaxSourceLength(long count) => (Characters(count) * 6) + 2;

    /// <summary>The literal, quotes included, of the bytes of the int8 values.</summary>
    public static string Write(byte[] values)
    {
        var literal = new StringBuilder((int)Math.Min(int.MaxValue, MaxSourceLength(values.Length)));
        literal.Append('"');
        for (int i = 0; i < values.Length; i += 2)
        {
            int high = i + 1 < values.Length ? values[i + 1] : 0;
            Append(literal, (char)(values[i] | (high << 8)));
        }

        return literal.Append('"').ToString();
    }

    private static void Append(StringBuilder literal, char c)
    {
        if (c is >= ' ' and <= '~' and not '"' and not '\\')
        {
            literal.Append(c);
        }
        else
        {
            literal.Append('\\').Append('u')
                .Append(Hex[c >> 12]).Append(Hex[(c >> 8) & 0xF]).Append(Hex[(c >> 4) & 0xF]).Append(Hex[c & 0xF]);
        }
    }
}
