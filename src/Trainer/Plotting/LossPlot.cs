using ScottPlot;

namespace CharRnn.Training.Plotting;

/// <summary>
/// Draws the training and validation loss against the step with ScottPlot, as PNG or SVG by the file's extension.
/// The file is replaced whole at every evaluation, so an interrupted run still has an up-to-date plot.
/// </summary>
internal static class LossPlot
{
    private const string Option = "--plot";
    private const string Fix = "train without --plot and plot the --metrics file instead";

    /// <summary>Renders <paramref name="history"/> and replaces the file at <paramref name="path"/>.</summary>
    /// <exception cref="TrainingException">The plot cannot be drawn or the file cannot be written.</exception>
    public static void Write(string path, IReadOnlyList<LossPoint> history) =>
        PlotFile.Write(path, Option, Fix, plot => Draw(plot, history));

    /// <summary>Draws an empty plot for <paramref name="path"/>'s format without writing it: the check before training.</summary>
    /// <exception cref="TrainingException">The drawing library cannot be loaded.</exception>
    public static void Probe(string path) => PlotFile.Render(path, Option, Fix, plot => Draw(plot, []));

    private static void Draw(Plot plot, IReadOnlyList<LossPoint> history)
    {
        // Training loss is a mean over the steps before an evaluation; there is none before the first step.
        LossPoint[] trained = [.. history.Where(point => double.IsFinite(point.TrainLoss))];
        AddCurve(plot, trained, point => point.TrainLoss, "train");
        AddCurve(plot, history, point => point.ValidationLoss, "validation");
        plot.XLabel("step");
        plot.YLabel("loss (nats per character)");
        plot.ShowLegend(Alignment.UpperRight);
    }

    private static void AddCurve(Plot plot, IReadOnlyList<LossPoint> points, Func<LossPoint, double> loss, string name)
    {
        if (points.Count == 0)
        {
            return;
        }

        double[] steps = [.. points.Select(point => (double)point.Step)];
        double[] losses = [.. points.Select(loss)];
        plot.Add.Scatter(steps, losses).LegendText = name;
    }
}
