using System.Text;
using CharRnn.IO;
using ScottPlot;

namespace CharRnn.Training.Plotting;

/// <summary>Turns a ScottPlot plot into a PNG or SVG file, replaced whole so a reader never sees half a picture.</summary>
internal static class PlotFile
{
    public const int Width = 900;
    public const int Height = 540;

    /// <summary>Whether <paramref name="path"/> ends in an extension a plot can be written as.</summary>
    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".svg";

    /// <summary>The plot as UTF-8 SVG text for a <c>.svg</c> path, as PNG bytes otherwise.</summary>
    public static byte[] Encode(Plot plot, string path) =>
        Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height))
            : plot.GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>
    /// Draws with <paramref name="draw"/> and encodes for <paramref name="path"/>. Called with an empty drawing
    /// before training too, so a machine where the drawing library cannot load (SkiaSharp's native part) is told so
    /// before the run rather than after it.
    /// </summary>
    /// <exception cref="TrainingException">
    /// The drawing library cannot be loaded; the message names <paramref name="option"/> and ends with <paramref name="fix"/>.
    /// </exception>
    public static byte[] Render(string path, string option, string fix, Action<Plot> draw)
    {
        try
        {
            var plot = new Plot();
            draw(plot);
            return Encode(plot, path);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new TrainingException(
                $"{option} '{path}': cannot draw the plot on this machine ({e.GetBaseException().Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')}); {fix}");
        }
    }

    /// <summary>Like <see cref="Render"/>, then replaces the file at <paramref name="path"/>.</summary>
    /// <exception cref="TrainingException">The plot cannot be drawn or the file cannot be written.</exception>
    public static void Write(string path, string option, string fix, Action<Plot> draw)
    {
        byte[] image = Render(path, option, fix, draw);
        try
        {
            AtomicFile.Write(path, image);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite(option, path, "the plot", e);
        }
    }
}
