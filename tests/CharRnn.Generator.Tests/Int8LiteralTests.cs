using System.Reflection;

namespace CharRnn.Generator.Tests;

/// <summary>
/// The string literal that carries int8 values comes back from the compiled assembly exactly: every 16-bit char,
/// lone surrogates, quotes, backslashes and line breaks included.
/// </summary>
public class Int8LiteralTests
{
    // Internal to the generator, so called by reflection.
    private static readonly Func<byte[], string> Write = typeof(CharRnnGenerator).Assembly
        .GetType("CharRnn.Generator.Int8Literal", throwOnError: true)!
        .GetMethod("Write", BindingFlags.Public | BindingFlags.Static)!
        .CreateDelegate<Func<byte[], string>>();

    [Fact]
    public void Every_char_from_0_to_65535_round_trips_through_a_compiled_assembly()
    {
        // Two values per char, the first in the low byte: char c holds the values (c & 0xFF, c >> 8).
        var values = new byte[2 * 65536];
        for (int c = 0; c < 65536; c++)
        {
            values[2 * c] = (byte)c;
            values[(2 * c) + 1] = (byte)(c >> 8);
        }

        string literal = Write(values);
        Assert.All(literal, c => Assert.InRange(c, ' ', '~'));
        using LoadedAssembly compiled = GeneratorHarness.Load(GeneratorHarness.Compilation(
            "/// <summary>Probe.</summary>\npublic static class Probe\n{\n    /// <summary>The literal.</summary>\n    public static string Text() => "
            + literal + ";\n}\n"));
        string text = compiled.Method<Func<string>>("Probe", "Text")();
        Assert.Equal(65536, text.Length);
        for (int c = 0; c < 65536; c++)
        {
            Assert.True(text[c] == c, $"char {c:X4} came back as {(int)text[c]:X4}");
        }
    }

    [Theory]
    [InlineData(new byte[] { }, "\"\"")]
    [InlineData(new byte[] { 0x41 }, "\"A\"")]
    [InlineData(new byte[] { 0x41, 0x00, 0x7E, 0x00 }, "\"A~\"")]
    [InlineData(new byte[] { 0x22, 0x00, 0x5C, 0x00, 0x1F, 0x00, 0x7F, 0x00 }, "\"\\u0022\\u005C\\u001F\\u007F\"")]
    [InlineData(new byte[] { 0x81, 0xFF, 0x00, 0xD8 }, "\"\\uFF81\\uD800\"")]
    public void Printable_ASCII_is_written_as_itself_and_everything_else_escaped_with_an_odd_count_padded(byte[] values, string literal) =>
        Assert.Equal(literal, Write(values));
}
