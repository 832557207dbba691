using System.Globalization;
using System.Text;
using CharRnn.ModelFormat;
using CharRnn.Runtime.Tests;
using CsCheck;
using Microsoft.CodeAnalysis;

namespace CharRnn.Generator.Tests;

/// <summary>
/// Thousands of damaged model files: the generator never throws, and every file ends as exactly one of two things,
/// code that compiles with no error, or diagnostics (with a location) and no code at all.
/// </summary>
public class MutatedModelTests
{
    private const string Consumer = """
        namespace Demo;
        /// <summary>The model under test.</summary>
        [CharRnn.CharRnnModel("Models/model.charrnn")]
        public static partial class Model;
        """;

    // Characters that upset parsers and code writers: line breaks of every kind, quotes, comment ends, base64's own
    // symbols, NUL, a BOM, a lone surrogate and a character outside the BMP.
    private static readonly string[] Payloads =
    [
        "\n", "\r\n", "\r", " ", "0", "9", "F", "-1", "A", "=", "+", "/", "\"", "\\", "*/", "/*", "\0", "\uFEFF", "\u2028",
        "\u2029", "\uD800", "😀", "end\n", "data\n", "tensor ", "vocab_size 99999999999\n", "\"); System.Environment.Exit(1); //",
    ];

    // One compilation for every run: it binds the reference assemblies once, and runs derive from it.
    private static readonly Microsoft.CodeAnalysis.CSharp.CSharpCompilation Compilation = GeneratorHarness.Compilation(Consumer);

    // Starting points small enough to compile quickly: every cell, one and two layers, an ordinary and a hostile
    // vocabulary, float32 and int8.
    private static readonly string[] Originals =
    [
        GeneratorHarness.ModelText(TestModels.Random(hiddenSize: 3, [10, 'a', 'b'], seed: 4).QuantizeInt8()),
        GeneratorHarness.ModelText(TestModels.Random(hiddenSize: 2, [0, '"', '\\', 0x2028, 0x1F600], seed: 5, layers: 2, cell: CellType.Gru).QuantizeInt8()),
        GeneratorHarness.ModelText(TestModels.Random(hiddenSize: 3, [10, 'a', 'b'], seed: 1)),
        GeneratorHarness.ModelText(TestModels.Random(hiddenSize: 2, [0, '"', '*', '/', '\\', 0x2028, 0xFEFF, 0x1F600], seed: 2, layers: 2, cell: CellType.Lstm)),
        GeneratorHarness.ModelText(TestModels.Random(hiddenSize: 2, [10, 13, 0x2029], seed: 3, cell: CellType.Gru)),
    ];

    private static readonly Gen<Mutation> Mutations = Gen.Select(
        Gen.Int[0, Enum.GetValues<MutationKind>().Length - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, 12], Gen.Int[0, Payloads.Length - 1],
        (kind, position, length, payload) => new Mutation((MutationKind)kind, position, length, Payloads[payload]));

    private static readonly Gen<(int Original, Mutation[] Mutations, bool FixChecksum)> Files =
        Gen.Select(Gen.Int[0, Originals.Length - 1], Mutations.Array[1, 3], Gen.Bool);

    private enum MutationKind
    {
        Truncate,
        Delete,
        Insert,
        Replace,
        DuplicateLine,
        SwapLines,
        ChangeNumber,
        NewVocabulary,
    }

    [Fact]
    public void Thousands_of_mutated_or_truncated_files_give_compiling_code_or_diagnostics_never_an_exception()
    {
        int compiled = 0, diagnosed = 0;
        Files.Sample(
            file =>
            {
                string text = Mutate(Originals[file.Original], file.Mutations, file.FixChecksum);
                if (GeneratesCompilingCodeOrDiagnostics(text))
                {
                    Interlocked.Increment(ref compiled);
                }
                else
                {
                    Interlocked.Increment(ref diagnosed);
                }
            },
            iter: 2000);

        // Both outcomes must be common, or the mutations stopped testing one side (about 7% of files compile).
        Assert.InRange(compiled, 50, 1950);
        Assert.InRange(diagnosed, 50, 1950);
    }

    // True when the file baked into code that compiles; false when it was refused with diagnostics. Fails otherwise.
    private static bool GeneratesCompilingCodeOrDiagnostics(string text)
    {
        // The harness fails the test if the generator threw.
        GeneratorRun run = GeneratorHarness.Run(Compilation, GeneratorHarness.Driver(GeneratorHarness.File("/app/Models/model.charrnn", text)));
        if (!run.GeneratorDiagnostics.IsEmpty)
        {
            Assert.Empty(run.Result.Results[0].GeneratedSources);
            Assert.All(run.GeneratorDiagnostics, d =>
            {
                Assert.StartsWith("CHARRNN", d.Id, StringComparison.Ordinal);
                Assert.Equal(DiagnosticSeverity.Error, d.Severity);
                Assert.NotEqual(Location.None, d.Location);
            });
            return false;
        }

        Assert.Single(run.Result.Results[0].GeneratedSources);
        Assert.Empty(run.CompilerDiagnostics);
        return true;
    }

    private static string Mutate(string original, Mutation[] mutations, bool fixChecksum)
    {
        string text = original;
        foreach (Mutation mutation in mutations)
        {
            text = mutation.Apply(text);
        }

        // Recomputing the checksum lets damage inside the data reach the checks behind it: lengths, finite weights.
        return fixChecksum ? WithMatchingChecksum(text) : text;
    }

    private static string WithMatchingChecksum(string text)
    {
        List<string> lines = [.. text.Split('\n')];
        int data = lines.IndexOf("data"), end = lines.IndexOf("end"), checksum = lines.FindIndex(l => l.StartsWith("checksum ", StringComparison.Ordinal));
        if (data < 0 || end < data || checksum < 0)
        {
            return text;
        }

        try
        {
            byte[] bytes = Convert.FromBase64String(string.Concat(lines.Skip(data + 1).Take(end - data - 1)));
            lines[checksum] = "checksum fnv1a64 " + Fnv1a64.Hash(bytes).ToString("x16", CultureInfo.InvariantCulture);
            return string.Join('\n', lines);
        }
        catch (FormatException)
        {
            return text;
        }
    }

    /// <summary>One edit; <see cref="Position"/> is taken modulo the text's length, so any number names a place.</summary>
    private sealed record Mutation(MutationKind Kind, int Position, int Length, string Payload)
    {
        public string Apply(string text)
        {
            int at = text.Length == 0 ? 0 : Position % (text.Length + 1);
            string[] lines = text.Split('\n');
            int line = Position % lines.Length;
            switch (Kind)
            {
                case MutationKind.Truncate:
                    return text[..at];
                case MutationKind.Delete:
                    return text.Remove(at, Math.Min(Length, text.Length - at));
                case MutationKind.Insert:
                    return text.Insert(at, Payload);
                case MutationKind.Replace:
                    return at == text.Length ? text + Payload : text.Remove(at, 1).Insert(at, Payload);
                case MutationKind.DuplicateLine:
                    return string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1)));
                case MutationKind.SwapLines:
                    int other = (line + 1 + Length) % lines.Length;
                    (lines[line], lines[other]) = (lines[other], lines[line]);
                    return string.Join('\n', lines);
                case MutationKind.ChangeNumber:
                    // A header number set to a small value, zero, or one far too large.
                    int[] numbers = [0, 1, 2, Length, 4097, 65537, int.MaxValue];
                    return ReplaceNthNumber(text, Position, numbers[Length % numbers.Length]);
                default:
                    return WithVocabulary(text, Position, Length);
            }
        }

        private static string ReplaceNthNumber(string text, int n, int value)
        {
            int header = text.IndexOf("\ndata\n", StringComparison.Ordinal);
            var matches = System.Text.RegularExpressions.Regex.Matches(header < 0 ? text : text[..header], "(?<= )[0-9]+(?=\n)");
            if (matches.Count == 0)
            {
                return text;
            }

            var match = matches[n % matches.Count];
            return text.Remove(match.Index, match.Length).Insert(match.Index, value.ToString(CultureInfo.InvariantCulture));
        }

        // A fresh ascending vocabulary of the same size drawn from the whole scalar range: still a valid model.
        private static string WithVocabulary(string text, int seed, int skew)
        {
            int start = text.IndexOf("\nvocab ", StringComparison.Ordinal);
            int end = start < 0 ? -1 : text.IndexOf('\n', start + 1);
            if (end < 0)
            {
                return text;
            }

            int count = text[(start + 7)..end].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var random = new Random(seed);
            var scalars = new SortedSet<int>();
            while (scalars.Count < count && count <= 4096)
            {
                int scalar = skew % 3 == 0 ? random.Next(0, 0x80) : random.Next(0, 0x110000);
                if (scalar is < 0xD800 or > 0xDFFF)
                {
                    scalars.Add(scalar);
                }
            }

            var line = new StringBuilder("\nvocab");
            foreach (int scalar in scalars)
            {
                line.Append(' ').Append(scalar.ToString("X4", CultureInfo.InvariantCulture));
            }

            return text[..start] + line + text[end..];
        }
    }
}
