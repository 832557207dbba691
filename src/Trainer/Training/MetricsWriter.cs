using System.Text.Encodings.Web;
using System.Text.Json;

namespace CharRnn.Training;

/// <summary>
/// One evaluation: losses in nats per character; the learning rate in force and the mean gradient norm (before
/// clipping) of the steps since the previous evaluation; the sample drawn at this epoch's end, if one was.
/// </summary>
internal sealed record Evaluation(int Epoch, long Step, long Characters, double TrainLoss, double ValidationLoss,
    double CharactersPerSecond, double ElapsedSeconds, double LearningRate, double GradientNorm, string? Sample = null);

/// <summary>
/// Writes the metrics file: one JSON object per line per evaluation, flushed as it is written so a run that is cut
/// short keeps every line. Numbers are invariant; a loss that does not exist yet is <c>null</c>. An evaluation at the
/// end of an epoch that printed a sample carries it as <c>sample</c>, its characters as they are (only quotes,
/// backslashes and control characters such as the line feed escaped), so a document can quote it.
/// </summary>
internal sealed class MetricsWriter : IDisposable
{
    // Samples are text for people: keep letters, apostrophes and the like readable instead of \uXXXX.
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly string _path;
    private readonly FileStream _stream;

    /// <param name="path">The file.</param>
    /// <param name="append">Whether to add to the lines there (a resumed run) rather than start the file afresh.</param>
    /// <exception cref="TrainingException">The file cannot be created.</exception>
    public MetricsWriter(string path, bool append)
    {
        _path = path;
        _stream = JsonLinesFile.Open(path, append, "--metrics", "the metrics");
    }

    /// <exception cref="TrainingException">The line cannot be written (a full disk, a removed drive).</exception>
    public void Write(Evaluation evaluation)
    {
        try
        {
            using (var json = new Utf8JsonWriter(_stream, Relaxed))
            {
                json.WriteStartObject();
                json.WriteNumber("epoch", evaluation.Epoch);
                json.WriteNumber("step", evaluation.Step);
                json.WriteNumber("chars", evaluation.Characters);
                Number(json, "train_loss", evaluation.TrainLoss);
                Number(json, "val_loss", evaluation.ValidationLoss);
                Number(json, "chars_per_s", Math.Round(evaluation.CharactersPerSecond, 1));
                Number(json, "elapsed_s", Math.Round(evaluation.ElapsedSeconds, 3));
                Number(json, "lr", evaluation.LearningRate);
                Number(json, "grad_norm", evaluation.GradientNorm);
                if (evaluation.Sample is { } sample)
                {
                    json.WriteString("sample", sample);
                }

                json.WriteEndObject();
            }

            _stream.WriteByte((byte)'\n');
            _stream.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite("--metrics", _path, "the metrics", e);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
