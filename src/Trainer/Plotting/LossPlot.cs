using System.Text;
using ScottPlot;

namespace CharRnn.Training.Plotting;

/// <summary>
/// Draws the training and validation loss against the step with ScottPlot, as PNG or SVG by the file's extension.
/// The file is replaced whole at every evaluation, so an interrupted run still has an up-to-date plot.
/// </summary>
internal static class LossPlot
{
    private const int Width = 900;
    private const int Height = 540;

    /// <summary>Whether <paramref name="path"/> ends in an extension the plot can be written as.</summary>
    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".svg";

    /// <summary>Renders <paramref name="history"/> and replaces the file at <paramref name="path"/>.</summary>
    /// <exception cref="TrainingException">The plot cannot be drawn or the file cannot be written.</exception>
    public static void Write(string path, IReadOnlyList<LossPoint> history)
    {
        byte[] image = Draw(path, history);
        try
        {
            AtomicFile.Write(path, image);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite("--plot", path, "the plot", e);
        }
    }

    /// <summary>
    /// Draws the plot for <paramref name="path"/>'s format. Called once before training too, so a machine where the
    /// drawing library cannot load (SkiaSharp's native part) is told so before the run rather than at its first
    /// evaluation.
    /// </summary>
    /// <exception cref="TrainingException">The drawing library cannot be loaded.</exception>
    public static byte[] Draw(string path, IReadOnlyList<LossPoint> history)
    {
        try
        {
            return Render(history, Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new TrainingException(
                $"--plot '{path}': cannot draw the plot on this machine ({e.GetBaseException().Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')}); train without --plot and plot the --metrics file instead");
        }
    }

    /// <summary>The plot as PNG bytes, or as UTF-8 SVG text when <paramref name="svg"/>.</summary>
    public static byte[] Render(IReadOnlyList<LossPoint> history, bool svg)
    {
        var plot = new Plot();
        // Training loss is a mean over the steps before an evaluation; there is none before the first step.
        LossPoint[] trained = [.. history.Where(point => double.IsFinite(point.TrainLoss))];
        AddCurve(plot, trained, point => point.TrainLoss, "train");
        AddCurve(plot, history, point => point.ValidationLoss, "validation");
        plot.XLabel("step");
        plot.YLabel("loss (nats per character)");
        plot.ShowLegend(Alignment.UpperRight);
        return svg ? Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height)) : plot.GetImageBytes(Width, Height, ImageFormat.Png);
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
