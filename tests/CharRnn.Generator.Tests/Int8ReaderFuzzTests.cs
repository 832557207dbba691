using System.Globalization;
using System.Text;
using CharRnn.ModelFormat;
using CharRnn.Runtime.Tests;
using CsCheck;

namespace CharRnn.Generator.Tests;

/// <summary>
/// Thousands of int8 model files with random bytes changed, inserted or cut, in the text or (with the checksum made
/// to match) in the data: Runtime's reader either reads each or refuses it with a <see cref="ModelFormatException"/>,
/// never another exception.
/// </summary>
public class Int8ReaderFuzzTests
{
    // Every cell, one and two layers; small, so most data edits land on a value or a scale.
    private static readonly string[] Originals =
    [
        ModelFileWriter.Write(TestModels.Random(hiddenSize: 3, [10, 'a', 'b'], seed: 1).QuantizeInt8()),
        ModelFileWriter.Write(TestModels.Random(hiddenSize: 2, [' ', 'x', 0x1F600], seed: 2, layers: 2, cell: CellType.Lstm).QuantizeInt8()),
        ModelFileWriter.Write(TestModels.Random(hiddenSize: 2, [10, 13, 0x2029], seed: 3, cell: CellType.Gru).QuantizeInt8()),
    ];

    // Bytes that matter to int8 data and to the text: -128, -127, 0, 127, a float's sign and exponent bytes, NUL, LF, '=', a UTF-8 lead.
    private static readonly byte[] Values = [0x80, 0x81, 0x00, 0x7F, 0xFF, 0x7F, 0x3F, 0xBF, 0x00, (byte)'\n', (byte)'=', 0xC3];

    private static readonly Gen<Edit> Edits = Gen.Select(
        Gen.Enum<EditKind>(), Gen.Int[0, int.MaxValue], Gen.OneOf<byte>(Gen.OneOf(Values), Gen.Byte),
        (kind, position, value) => new Edit(kind, position, value));

    private enum EditKind
    {
        SetDataByte,
        SetTextByte,
        InsertTextByte,
        DeleteTextByte,
        Truncate,
    }

    [Fact]
    public void Randomly_edited_int8_files_are_read_or_refused_with_a_format_error_never_another_exception()
    {
        int read = 0, refused = 0;
        Gen.Select(Gen.Int[0, Originals.Length - 1], Edits.Array[1, 3]).Sample(
            (original, edits) =>
            {
                byte[] file = Encoding.UTF8.GetBytes(Originals[original]);
                foreach (Edit edit in edits)
                {
                    file = edit.Apply(file);
                }

                try
                {
                    ModelFileReader.Read(Encoding.UTF8.GetString(file));
                    Interlocked.Increment(ref read);
                }
                catch (ModelFormatException)
                {
                    Interlocked.Increment(ref refused);
                }
            },
            iter: 5000);

        // Both outcomes must be common, or the edits stopped reaching one side.
        Assert.InRange(read, 100, 4900);
        Assert.InRange(refused, 100, 4900);
    }

    /// <summary>One edit; <see cref="Position"/> is taken modulo the length it applies to, so any number names a place.</summary>
    private sealed record Edit(EditKind Kind, int Position, byte Value)
    {
        public byte[] Apply(byte[] file)
        {
            int at = Position % (file.Length + 1);
            return Kind switch
            {
                EditKind.SetDataByte => SetDataByte(file),
                EditKind.SetTextByte when at < file.Length => [.. file[..at], Value, .. file[(at + 1)..]],
                EditKind.InsertTextByte => [.. file[..at], Value, .. file[at..]],
                EditKind.DeleteTextByte when at < file.Length => [.. file[..at], .. file[(at + 1)..]],
                _ => file[..at],
            };
        }

        // Sets one decoded data byte and records the data's new checksum, so the checks behind the checksum run.
        private byte[] SetDataByte(byte[] file)
        {
            string[] lines = Encoding.UTF8.GetString(file).Split('\n');
            int data = Array.IndexOf(lines, "data"), end = Array.IndexOf(lines, "end");
            int checksum = Array.FindIndex(lines, line => line.StartsWith("checksum ", StringComparison.Ordinal));
            if (data < 0 || end < data || checksum < 0)
            {
                return file;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(string.Concat(lines[(data + 1)..end]));
            }
            catch (FormatException)
            {
                return file; // an earlier edit broke the base64; the reader refuses that already
            }

            if (bytes.Length == 0)
            {
                return file;
            }

            bytes[Position % bytes.Length] = Value;
            lines[checksum] = "checksum fnv1a64 " + Fnv1a64.Hash(bytes).ToString("x16", CultureInfo.InvariantCulture);
            // One line of base64 in place of the data's lines: the reader takes any line that is a multiple of 4.
            string[] edited = [.. lines[..(data + 1)], Convert.ToBase64String(bytes), .. lines[end..]];
            return Encoding.UTF8.GetBytes(string.Join('\n', edited));
        }
    }
}
