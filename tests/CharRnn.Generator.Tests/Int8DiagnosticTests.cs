using System.Globalization;
using System.Text;
using CharRnn.ModelFormat;
using Microsoft.CodeAnalysis;

namespace CharRnn.Generator.Tests;

/// <summary>
/// A damaged int8 model file is one diagnostic with a location, never an exception: an edited value or scale (with
/// the checksum made to match, so the edit reaches the quantization checks) is CHARRNN016 on the first data line.
/// </summary>
public class Int8DiagnosticTests
{
    private const string ModelPath = "/app/Models/model.charrnn";

    private const string Consumer = """
        namespace Demo;
        [CharRnn.CharRnnModel("Models/model.charrnn")]
        public static partial class Model;
        """;

    private static readonly string ValidModel =
        GeneratorHarness.ModelText(Int8BakingTests.Int8Model(CellType.Gru, layers: 2, hiddenSize: 4));

    public static TheoryData<string, Func<string, string>, string, string> Damaged => new()
    {
        { "a value of -128", text => WithData(text, "layer1.Whh", 5, [0x80]), "CHARRNN016", "int8 value 5 of tensor layer1.Whh is -128" },
        { "a scale of 0", text => WithData(text, "Why.scale", 4, Float(0f)), "CHARRNN016", "the scale of row 1 of tensor Why is 0" },
        { "a negative scale", text => WithData(text, "layer0.Wxh.scale", 0, Float(-0.5f)), "CHARRNN016", "the scale of row 0 of tensor layer0.Wxh is -0.5" },
        { "a NaN scale", text => WithData(text, "layer0.Whh.scale", 0, Float(float.NaN)), "CHARRNN016", "is NaN; every scale must be finite, positive" },
        { "a NaN bias", text => WithData(text, "by", 0, Float(float.NaN)), "CHARRNN011", "is NaN" },
        { "an edited value without a new checksum", text => WithData(text, "layer0.Wxh", 0, [0x80], fixChecksum: false), "CHARRNN009", "checksum" },
        { "a file cut inside the data", text => text[..^"=\nend\n".Length], "CHARRNN002", "it is truncated" },
        { "a matrix stored as f32", text => text.Replace(" i8 0\n", " f32 0\n", StringComparison.Ordinal), "CHARRNN010", "disagrees with the header" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void A_damaged_int8_file_is_one_diagnostic_with_a_location_and_no_code(
        string description, Func<string, string> damage, string id, string problem)
    {
        GeneratorRun run = GeneratorHarness.Run(Consumer, GeneratorHarness.File(ModelPath, damage(ValidModel)));
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(ModelPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Contains(problem, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.True(run.Result.Results[0].GeneratedSources.IsEmpty, description);
    }

    [Fact]
    public void An_invalid_quantization_is_reported_on_the_first_data_line()
    {
        string text = WithData(ValidModel, "Why.scale", 0, Float(0f));
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Run(Consumer, GeneratorHarness.File(ModelPath, text)).GeneratorDiagnostics);
        string[] lines = text.Split('\n');
        Assert.Equal(Array.IndexOf(lines, "data") + 1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    private static byte[] Float(float value) => BitConverter.GetBytes(value);

    // Writes bytes into one tensor's data at a byte offset within it, then (by default) a checksum that matches again.
    private static string WithData(string text, string tensor, int offset, byte[] bytes, bool fixChecksum = true)
    {
        List<string> lines = [.. text.Split('\n')];
        string row = lines.Single(line => line.StartsWith("tensor " + tensor + " ", StringComparison.Ordinal));
        int start = int.Parse(row[(row.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) + offset;
        int data = lines.IndexOf("data"), end = lines.IndexOf("end");
        byte[] decoded = Convert.FromBase64String(string.Concat(lines.Skip(data + 1).Take(end - data - 1)));
        bytes.CopyTo(decoded, start);
        if (fixChecksum)
        {
            int checksum = lines.FindIndex(line => line.StartsWith("checksum ", StringComparison.Ordinal));
            lines[checksum] = "checksum fnv1a64 " + Fnv1a64.Hash(decoded).ToString("x16", CultureInfo.InvariantCulture);
        }

        string base64 = Convert.ToBase64String(decoded);
        var body = new StringBuilder();
        for (int at = 0; at < base64.Length; at += ModelFileWriter.Base64LineLength)
        {
            body.Append(base64, at, Math.Min(ModelFileWriter.Base64LineLength, base64.Length - at)).Append('\n');
        }

        return string.Join('\n', lines.Take(data + 1)) + "\n" + body + string.Join('\n', lines.Skip(end));
    }
}
