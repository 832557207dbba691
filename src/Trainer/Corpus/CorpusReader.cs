using System.Globalization;
using System.Text;

namespace CharRnn.Training.Corpus;

/// <summary>
/// Reads a corpus the way training sees it: strict UTF-8 (a leading byte-order mark is dropped), CRLF and lone CR
/// turned into LF so a file means the same on every platform, as a sequence of Unicode scalar values.
/// </summary>
internal static class CorpusReader
{
    // Above this share of control characters (other than tab, LF, CR, FF) a file is data, not text.
    private const double MaxControlShare = 0.01;

    /// <summary>Reads and decodes the file at <paramref name="path"/>.</summary>
    /// <exception cref="CorpusException">The file is missing, unreadable, empty, binary or not UTF-8.</exception>
    public static int[] Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CorpusException($"corpus '{path}' is a directory; give a UTF-8 text file");
        }

        if (!File.Exists(path))
        {
            throw new CorpusException($"corpus file '{path}' does not exist");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CorpusException($"cannot read corpus file '{path}': {e.Message}");
        }

        return Decode(bytes, path);
    }

    /// <summary>
    /// Reads the file like <see cref="Read(string)"/> and keeps its first <paramref name="characters"/> characters:
    /// Unicode scalar values counted after the byte-order mark is dropped and line ends become LF (so CRLF counts
    /// as one), not UTF-16 code units; null keeps the whole text.
    /// </summary>
    /// <exception cref="CorpusException">The file cannot be read, or is shorter than <paramref name="characters"/>.</exception>
    public static int[] Read(string path, int? characters)
    {
        int[] scalars = Read(path);
        if (characters is not { } count)
        {
            return scalars;
        }

        if (count > scalars.Length)
        {
            throw new CorpusException(
                $"--corpus-chars {Format(count)} is more than the {Format(scalars.Length)} characters of corpus file '{path}'; lower --corpus-chars or leave it out to use the whole file");
        }

        return scalars[..count];
    }

    /// <summary>Decodes the bytes of a corpus; <paramref name="name"/> appears in error messages.</summary>
    /// <exception cref="CorpusException">The bytes are empty, binary or not UTF-8.</exception>
    public static int[] Decode(ReadOnlySpan<byte> bytes, string name)
    {
        int offset = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        if (bytes.Length == offset)
        {
            throw new CorpusException($"corpus file '{name}' is empty");
        }

        int zero = bytes.IndexOf((byte)0);
        if (zero >= 0)
        {
            throw new CorpusException(
                $"corpus file '{name}' looks binary (a NUL byte at byte offset {Format(zero)}); give a UTF-8 text file");
        }

        var scalars = new int[bytes.Length - offset];
        int count = 0;
        int controls = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                throw new CorpusException(
                    $"corpus file '{name}' is not valid UTF-8: bad byte 0x{bytes[offset]:X2} at byte offset {Format(offset)}");
            }

            offset += consumed;
            int scalar = rune.Value;
            if (scalar == '\r')
            {
                // CRLF becomes LF (the LF follows); a lone CR (old Mac line end) becomes LF.
                if (offset < bytes.Length && bytes[offset] == '\n')
                {
                    continue;
                }

                scalar = '\n';
            }
            else if (Rune.IsControl(rune) && scalar is not ('\t' or '\n' or '\f'))
            {
                controls++;
            }

            scalars[count++] = scalar;
        }

        if (controls > MaxControlShare * count)
        {
            throw new CorpusException(
                $"corpus file '{name}' looks binary ({Format(controls)} of its {Format(count)} characters are control characters); give a UTF-8 text file");
        }

        return scalars[..count];
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
