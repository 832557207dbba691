using System.Globalization;
using System.Text.Json;
using ScottPlot;

namespace CharRnn.Training.Plotting;

/// <summary>One <c>--log-grad-norm</c> file: its name for the legend, and the finite norms by step.</summary>
internal sealed record GradientNormSeries(string Name, double[] Steps, double[] Norms, double ClippedShare);

/// <summary>
/// The gradient norm per step of one or more <c>--log-grad-norm</c> files, overlaid on a log scale (ScottPlot has
/// no log axis: the curve is log10 of the norm, and the ticks are labelled with the norm itself).
/// </summary>
internal static class GradientNormLogPlot
{
    private const string Option = "--out";
    private const string Fix = "plot the --log-grad-norm files with another tool";

    /// <summary>Reads a <c>--log-grad-norm</c> file; steps whose norm is null (a diverged step) are left out.</summary>
    /// <exception cref="TrainingException">The file is missing or is not such a log.</exception>
    public static GradientNormSeries Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrainingException($"--log '{path}': cannot read it: {e.Message.TrimEnd('.')}");
        }

        var steps = new List<double>(lines.Length);
        var norms = new List<double>(lines.Length);
        int clipped = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            try
            {
                using var line = JsonDocument.Parse(lines[i]);
                JsonElement norm = line.RootElement.GetProperty("grad_norm");
                clipped += line.RootElement.GetProperty("clipped").GetBoolean() ? 1 : 0;
                if (norm.ValueKind == JsonValueKind.Number && norm.GetDouble() > 0)
                {
                    steps.Add(line.RootElement.GetProperty("step").GetInt64());
                    norms.Add(norm.GetDouble());
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new TrainingException(string.Create(CultureInfo.InvariantCulture,
                    $"--log '{path}': line {i + 1} is not a gradient-norm line ({{\"step\":…,\"grad_norm\":…,\"clipped\":…}}); give a file written by train --log-grad-norm"));
            }
        }

        if (steps.Count == 0)
        {
            throw new TrainingException($"--log '{path}' holds no gradient norms; give a file written by train --log-grad-norm");
        }

        return new GradientNormSeries(Path.GetFileNameWithoutExtension(path), [.. steps], [.. norms], (double)clipped / lines.Length);
    }

    /// <exception cref="TrainingException">The plot cannot be drawn or written.</exception>
    public static void Write(string path, IReadOnlyList<GradientNormSeries> series) => PlotFile.Write(path, Option, Fix, plot =>
    {
        foreach (GradientNormSeries one in series)
        {
            double[] exponents = [.. one.Norms.Select(Math.Log10)];
            var line = plot.Add.ScatterLine(one.Steps, exponents);
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{one.Name} ({one.ClippedShare * 100:0}% of steps clipped)");
        }

        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = exponent => Math.Pow(10, exponent).ToString("G4", CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.XLabel("step");
        plot.YLabel("gradient L2 norm before clipping (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
    });
}
