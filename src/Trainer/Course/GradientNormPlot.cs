using System.Globalization;
using CharRnn.ModelFormat;
using ScottPlot;
using CharRnn.Cells;

namespace CharRnn.Training.Course;

/// <summary>
/// Draws ‖∂L/∂h_t‖ against the distance from the loss on a log scale, one colour per cell: dashed at initialisation,
/// solid after training. ScottPlot has no log axis; the values are plotted as log10 and the ticks labelled 10^k.
/// </summary>
internal static class GradientNormPlot
{
    private const int Width = 1100;
    private const int Height = 540;

    /// <summary>The plot as PNG bytes.</summary>
    public static byte[] Render(IReadOnlyList<GradientProfile> profiles)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < profiles.Count; i++)
        {
            GradientProfile profile = profiles[i];
            string cell = CellCatalog.Name(profile.Cell);
            AddCurve(plot, profile.AtInitialisation, palette.GetColor(i), LinePattern.Dashed, cell + " at initialisation");
            AddCurve(plot, profile.AfterTraining, palette.GetColor(i), LinePattern.Solid, cell + " after training");
        }

        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = exponent => string.Create(CultureInfo.InvariantCulture, $"1e{exponent:0}"),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.XLabel("distance from the loss (steps before the last)");
        plot.YLabel("mean ‖∂L/∂h_t‖ (log scale)");
        if (profiles.Count > 0)
        {
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"sequences of length {profiles[0].Length}"));
        }

        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    // Points whose gradient is exactly zero have no logarithm and are left out.
    private static void AddCurve(Plot plot, double[] norms, Color color, LinePattern pattern, string name)
    {
        double[] distances = [.. Enumerable.Range(0, norms.Length).Where(d => norms[d] > 0).Select(d => (double)d)];
        double[] logs = [.. norms.Where(norm => norm > 0).Select(Math.Log10)];
        var curve = plot.Add.Scatter(distances, logs, color);
        curve.LinePattern = pattern;
        curve.MarkerSize = 0;
        curve.LineWidth = 2;
        curve.LegendText = name;
    }
}
