using System.Globalization;
using System.Text;
using CharRnn.IO;
using CharRnn.ModelFormat;
using CharRnn.Cells;

namespace CharRnn.Training.Course;

/// <summary>
/// The sweep's <c>report.md</c>: the command, a table with a row per hidden size (parameters, final and best
/// losses, seconds per epoch, the start of its sample), the plots, each size's whole sample, and which sizes finished.
/// </summary>
internal static class SweepReport
{
    private const int ExcerptLength = 40;

    /// <summary>The table's columns, in order.</summary>
    public static readonly string[] Columns =
        ["hidden", "parameters", "final train loss", "final val loss", "best val loss", "s/epoch", "epochs", "status", "sample (start)"];

    /// <exception cref="TrainingException">The file cannot be written.</exception>
    public static void Write(string path, SweepOptions options, IReadOnlyList<SweepRun> runs)
    {
        try
        {
            AtomicFile.Write(path, Encoding.UTF8.GetBytes(Render(options, runs)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite("--out", path, "the sweep report", e);
        }
    }

    public static string Render(SweepOptions options, IReadOnlyList<SweepRun> runs)
    {
        TrainingOptions training = options.Training;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

        Line($"# Hidden-size sweep");
        Line($"");
        Line($"```");
        Line($"{options.CommandLine}");
        Line($"```");
        Line($"");
        string slice = training.CorpusChars is { } chars ? $", its first {chars} characters" : "";
        Line($"Corpus `{Path.GetFileName(training.CorpusPath)}`{slice}; cell {CellCatalog.Name(training.Cell)}, {training.Layers} layer(s), seed {training.Seed}, {training.Epochs} epoch(s); every other option at `charrnn train`'s default, the same for every size.");
        Line($"Losses are in nats per character: the final train loss is the mean over the steps since the evaluation before the last, the final val loss that of the last evaluation, the best val loss that of the saved model. s/epoch is the wall-clock time of the training loop (validation passes included) per epoch after the first, which also pays for the JIT's warm-up (with one epoch: that epoch).");
        Line($"");
        text.Append("| ").AppendJoin(" | ", Columns).Append(" |\n");
        text.Append("|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        foreach (SweepRun run in runs)
        {
            string[] cells = run.Result is { } result
                ?
                [
                    Text(run.HiddenSize), Text(result.Parameters), Loss(run.Last?.TrainLoss), Loss(run.Last?.ValidationLoss),
                    Loss(result.BestValidationLoss), Fixed(run.SecondsPerEpoch, "F2"), Fixed(run.Epochs, "0.##"),
                    run.Finished ? "finished" : "interrupted", run.Sample is { } sample ? Excerpt(sample) : "—",
                ]
                : [Text(run.HiddenSize), "—", "—", "—", "—", "—", "0", "not run", "—"];
            text.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
        }

        Line($"");
        Line($"![loss curves]({HiddenSizeSweep.LossPlotFile})");
        Line($"");
        Line($"![seconds per epoch]({HiddenSizeSweep.SpeedPlotFile})");
        Line($"");
        Line($"## Samples");
        Line($"");
        Line($"Each drawn at the end of the last epoch from the weights of that moment, as `charrnn sample --seed {training.Seed}` draws (200 characters).");
        foreach (SweepRun run in runs.Where(run => run.Sample is not null))
        {
            Line($"");
            Line($"### Hidden size {run.HiddenSize}");
            Line($"");
            Line($"````text");
            text.Append(run.Sample);
            if (!run.Sample!.EndsWith('\n'))
            {
                text.Append('\n');
            }

            Line($"````");
        }

        Line($"");
        int finished = runs.Count(run => run.Finished);
        Line($"{finished} of {runs.Count} sizes finished; models and metrics: `hidden-N.charrnn` and `hidden-N.jsonl` beside this file.");
        return text.ToString();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Loss(double? loss) => Fixed(loss ?? double.NaN, "F4");

    private static string Fixed(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "—";

    // The start of a sample for a table cell: line breaks shown as ↵, Markdown's special characters escaped.
    private static string Excerpt(string sample)
    {
        var cell = new StringBuilder();
        foreach (Rune rune in sample.EnumerateRunes().Take(ExcerptLength))
        {
            if (rune.Value == '\n')
            {
                cell.Append('↵');
            }
            else if (rune.IsAscii && "\\`*_{}[]<>()#+-.!|~&".Contains((char)rune.Value, StringComparison.Ordinal))
            {
                cell.Append('\\').Append((char)rune.Value);
            }
            else if (Rune.IsControl(rune))
            {
                cell.Append('·');
            }
            else
            {
                cell.Append(rune.ToString());
            }
        }

        return cell.ToString();
    }
}
