using System.Globalization;

namespace CharRnn.Training;

/// <summary>
/// The <c>--log-grad-norm</c> file: one JSON object per optimizer step,
/// <c>{"step":12,"epoch":1,"loss":2.87,"grad_norm":4.21,"clipped":false}</c>: the step's training loss, the L2 norm
/// of the whole gradient before clipping, and whether clipping changed the gradient. A non-finite loss or norm (the
/// step a run diverges at, logged before it stops) is <c>null</c>. Lines are formatted into one reused buffer, so
/// logging allocates nothing per step; the file is flushed at every evaluation and when the run ends.
/// </summary>
internal sealed class GradientNormLog : IDisposable
{
    private const string Option = "--log-grad-norm";
    private const string What = "the gradient-norm log";
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly byte[] _line = new byte[256];

    /// <exception cref="TrainingException">The file cannot be created.</exception>
    public GradientNormLog(string path, bool append)
    {
        _path = path;
        _stream = JsonLinesFile.Open(path, append, Option, What);
    }

    /// <exception cref="TrainingException">The line cannot be written.</exception>
    public void Write(long step, int epoch, double loss, double norm, bool clipped)
    {
        Span<byte> line = _line;
        int length = 0;
        Append(line, ref length, "{\"step\":"u8);
        step.TryFormat(line[length..], out int written, default, CultureInfo.InvariantCulture);
        length += written;
        Append(line, ref length, ",\"epoch\":"u8);
        epoch.TryFormat(line[length..], out written, default, CultureInfo.InvariantCulture);
        length += written;
        Append(line, ref length, ",\"loss\":"u8);
        AppendNumber(line, ref length, loss);
        Append(line, ref length, ",\"grad_norm\":"u8);
        AppendNumber(line, ref length, norm);
        Append(line, ref length, clipped ? ",\"clipped\":true}\n"u8 : ",\"clipped\":false}\n"u8);
        try
        {
            _stream.Write(_line, 0, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite(Option, _path, What, e);
        }
    }

    /// <exception cref="TrainingException">The buffered lines cannot be written.</exception>
    public void Flush()
    {
        try
        {
            _stream.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite(Option, _path, What, e);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static void Append(Span<byte> line, ref int length, ReadOnlySpan<byte> text)
    {
        text.CopyTo(line[length..]);
        length += text.Length;
    }

    // Shortest text that reads back as the same double; JSON has no NaN or infinity, so those are null.
    private static void AppendNumber(Span<byte> line, ref int length, double value)
    {
        if (!double.IsFinite(value))
        {
            Append(line, ref length, "null"u8);
            return;
        }

        value.TryFormat(line[length..], out int written, "R", CultureInfo.InvariantCulture);
        length += written;
    }
}
