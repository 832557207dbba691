using System.Text;
using CharRnn.IO;
using CharRnn.Training.Course;

namespace CharRnn.Training.Commands;

/// <summary>Runs a course command's experiment and writes its report and plot into its <c>--out</c> folder.</summary>
internal sealed class CourseOutput
{
    private readonly string _folder;
    private readonly Terminal _terminal;

    /// <summary>Creates the folder (and its parents) now, so a path that cannot be one fails before any training.</summary>
    private CourseOutput(string folder, Terminal terminal)
    {
        if (File.Exists(folder))
        {
            throw new CommandException($"--out '{folder}' is a file; name a folder for the report and plots");
        }

        Directory.CreateDirectory(folder);
        _folder = folder;
        _terminal = terminal;
    }

    /// <summary>
    /// Runs a course experiment and writes what it found into <paramref name="folder"/>: the folder first (a path
    /// that cannot be one fails before any training), then report.md, then the plot, so a machine that cannot draw
    /// still gets the report. <paramref name="experiment"/> reports progress lines to stderr.
    /// </summary>
    public static void Run<TResults>(string folder, Terminal terminal, Func<Action<string>, TResults> experiment,
        Func<TResults, RunTime, string> report, string plotFile, Func<TResults, byte[]> plot)
    {
        var output = new CourseOutput(folder, terminal);
        var clock = new RunClock();
        TResults results = experiment(terminal.Error.WriteLine);
        output.Write("report.md", Encoding.UTF8.GetBytes(report(results, clock.Elapsed)));
        output.WritePlot(plotFile, () => plot(results));
    }

    /// <summary>
    /// Writes the PNG <paramref name="render"/> draws to <paramref name="file"/>. PNG only: SkiaSharp's SVG canvas
    /// cannot dash lines and says so on stdout for every dashed segment.
    /// </summary>
    /// <exception cref="CommandException">The drawing library cannot be loaded on this machine.</exception>
    private void WritePlot(string file, Func<byte[]> render)
    {
        try
        {
            Write(file, render());
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new CommandException(
                $"cannot draw {file} on this machine ({e.GetBaseException().Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')}); report.md has the same numbers as tables");
        }
    }

    private void Write(string file, byte[] content)
    {
        string path = Path.Combine(_folder, file);
        AtomicFile.Write(path, content);
        _terminal.Error.WriteLine("wrote " + path);
    }
}
