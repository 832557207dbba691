using System.Text;

namespace CharRnn.Training.Commands;

/// <summary>
/// Where a command writes: results as UTF-8 bytes to <see cref="Output"/> (so stdout does not depend on the
/// terminal's encoding), progress and errors to <see cref="Error"/>. Tests pass in-memory ones.
/// </summary>
internal sealed class Terminal(Stream output, TextWriter error)
{
    public Stream Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Whether <see cref="Error"/> is the process's stderr and that is a terminal (where a progress bar may draw).</summary>
    public bool ErrorIsConsole { get; } = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Text for stdout (help, eval results), UTF-8 without a byte-order mark.</summary>
    public TextWriter OutputWriter { get; } = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };

    public void WriteError(string message) => Error.WriteLine("charrnn: error: " + message);
}
