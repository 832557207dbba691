using ScottPlot;

namespace CharRnn.Training.Course;

/// <summary>Draws the held-out part of the series (noisy and clean) with the network's one-step-ahead predictions.</summary>
internal static class SeriesPlot
{
    private const int Width = 900;
    private const int Height = 440;

    /// <summary>How many validation steps to show: a few periods, so the points stay readable.</summary>
    private const int Shown = 150;

    /// <summary>The plot as PNG bytes.</summary>
    public static byte[] Render(SeriesSettings settings, SeriesResults results)
    {
        // Prediction i is of the value at TrainingPoints + Window + i.
        int count = Math.Min(Shown, results.ValidationPredictions.Length);
        int first = settings.TrainingPoints + settings.Window;
        double[] steps = [.. Enumerable.Range(first, count).Select(t => (double)t)];
        var plot = new Plot();
        var clean = plot.Add.Scatter(steps, results.Series.Clean.AsSpan(first, count).ToArray(), Colors.Gray);
        clean.LinePattern = LinePattern.Dashed;
        clean.MarkerSize = 0;
        clean.LegendText = "clean sine";
        var noisy = plot.Add.Scatter(steps, results.Series.Values.AsSpan(first, count).ToArray(), Colors.Black);
        noisy.LineWidth = 0;
        noisy.MarkerSize = 4;
        noisy.LegendText = "noisy value (the target)";
        var predicted = plot.Add.Scatter(steps, results.ValidationPredictions.AsSpan(0, count).ToArray(), Colors.C1);
        predicted.LineWidth = 2;
        predicted.MarkerSize = 0;
        predicted.LegendText = "predicted from the window before";
        plot.XLabel("step (held-out part of the series)");
        plot.YLabel("value");
        plot.ShowLegend(Edge.Top);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
