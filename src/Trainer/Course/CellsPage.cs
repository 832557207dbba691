using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CharRnn.Training.Course;

/// <summary>What the cells page shows: the text, one layer's recorded state and the features' correlations.</summary>
internal sealed record CellsPageData(
    string Title, string Description, int[] Text, int TotalCharacters, int Units, float[] Activations,
    IReadOnlyList<FeatureCorrelations> Features);

/// <summary>
/// Writes the cells page: the template <c>CellsPage.html</c> (inline CSS and script, nothing fetched) with all data
/// in one JSON block the script parses. The JSON escapes every <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, quote and
/// non-ASCII character as <c>\uXXXX</c>, so no text can close the script element or become markup; the script
/// shows text only through <c>textContent</c>.
/// </summary>
internal static class CellsPage
{
    /// <summary>How many ranked units the page lists per feature.</summary>
    public const int RankedPerFeature = 10;

    // Activations are stored as signed bytes: value × 127, rounded (a step of 1/127 ≈ 0.008, finer than colours show).
    private const float Scale = 127f;
    private const string Placeholder = "{{CELLS_DATA}}";

    public static string Render(CellsPageData data)
    {
        string template = Template();
        string json = Json(data);
        if (json.Contains('<', StringComparison.Ordinal) || json.Contains('>', StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the page's JSON holds an unescaped angle bracket"); // the encoder's promise, kept
        }

        return template.Replace(Placeholder, json, StringComparison.Ordinal);
    }

    /// <summary>The activations as signed bytes, value × 127 rounded, in the same unit-major order.</summary>
    public static byte[] Quantise(float[] activations)
    {
        var bytes = new byte[activations.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(sbyte)Math.Clamp(MathF.Round(activations[i] * Scale), -Scale, Scale);
        }

        return bytes;
    }

    private static string Json(CellsPageData data)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            json.WriteStartObject();
            json.WriteString("title", data.Title);
            json.WriteString("description", data.Description);
            json.WriteString("text", Text(data.Text));
            json.WriteNumber("characters", data.Text.Length);
            json.WriteNumber("totalCharacters", data.TotalCharacters);
            json.WriteNumber("units", data.Units);
            json.WriteNumber("scale", Scale);
            json.WriteBase64String("activations", Quantise(data.Activations));
            json.WriteStartArray("features");
            foreach (FeatureCorrelations feature in data.Features)
            {
                WriteFeature(json, feature);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteFeature(Utf8JsonWriter json, FeatureCorrelations feature)
    {
        json.WriteStartObject();
        json.WriteString("name", feature.Feature.Name);
        json.WriteString("definition", feature.Feature.Definition);
        json.WriteStartArray("r"); // every unit's r, 3 decimals; null where undefined
        foreach (double r in feature.R)
        {
            WriteR(json, r);
        }

        json.WriteEndArray();
        json.WriteStartArray("top");
        foreach (RankedUnit ranked in feature.Top(RankedPerFeature))
        {
            json.WriteStartArray();
            json.WriteNumberValue(ranked.Unit);
            WriteR(json, ranked.R);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteR(Utf8JsonWriter json, double r)
    {
        if (double.IsNaN(r))
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteNumberValue(Math.Round(r, 3));
        }
    }

    private static string Text(int[] scalars)
    {
        var text = new StringBuilder(scalars.Length);
        foreach (int scalar in scalars)
        {
            text.Append(new Rune(scalar).ToString());
        }

        return text.ToString();
    }

    private static string Template()
    {
        using Stream stream = typeof(CellsPage).Assembly.GetManifestResourceStream("CharRnn.Course.CellsPage.html")
            ?? throw new InvalidOperationException("the embedded resource CharRnn.Course.CellsPage.html is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
