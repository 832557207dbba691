using CharRnn.Training.Plotting;
using ScottPlot;

namespace CharRnn.Training.Course;

/// <summary>The sweep's pictures: the loss curves of every size overlaid, and seconds per epoch by size.</summary>
internal static class SweepPlots
{
    private const string Option = "--out";
    private const string Fix = "plot the hidden-N.jsonl metrics files with another tool";

    /// <summary>Draws an empty plot without writing it: finds a machine that cannot draw before the sweep trains.</summary>
    /// <exception cref="TrainingException">The drawing library cannot be loaded.</exception>
    public static void Probe(string path) => PlotFile.Render(path, Option, Fix, _ => { });

    /// <summary>Validation loss (solid) and training loss (dashed, same colour) against the epoch, a colour per size.</summary>
    public static void WriteLossCurves(string path, IReadOnlyList<SweepRun> runs) => PlotFile.Write(path, Option, Fix, plot =>
    {
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < runs.Count; i++)
        {
            if (runs[i].Result is not { } result)
            {
                continue;
            }

            Color color = palette.GetColor(i);
            Evaluation[] evaluations = [.. result.Evaluations];
            double[] epochs = [.. evaluations.Select(e => (double)e.Step / result.StepsPerEpoch)];
            double[] validationLosses = [.. evaluations.Select(e => e.ValidationLoss)];
            var validation = plot.Add.ScatterLine(epochs, validationLosses, color);
            validation.LegendText = $"hidden {runs[i].HiddenSize}: validation";
            Evaluation[] trained = [.. evaluations.Where(e => double.IsFinite(e.TrainLoss))];
            double[] trainedEpochs = [.. trained.Select(e => (double)e.Step / result.StepsPerEpoch)];
            double[] trainLosses = [.. trained.Select(e => e.TrainLoss)];
            var train = plot.Add.ScatterLine(trainedEpochs, trainLosses, color);
            train.LinePattern = LinePattern.Dashed;
            train.LegendText = $"hidden {runs[i].HiddenSize}: train";
        }

        plot.XLabel("epoch");
        plot.YLabel("loss (nats per character)");
        plot.ShowLegend(Alignment.UpperRight);
    });

    /// <summary>A bar per size that ran: the wall-clock seconds of the training loop per epoch.</summary>
    public static void WriteSecondsPerEpoch(string path, IReadOnlyList<SweepRun> runs) => PlotFile.Write(path, Option, Fix, plot =>
    {
        SweepRun[] ran = [.. runs.Where(run => double.IsFinite(run.SecondsPerEpoch))];
        double[] positions = [.. Enumerable.Range(0, ran.Length).Select(i => (double)i)];
        plot.Add.Bars(positions, [.. ran.Select(run => run.SecondsPerEpoch)]);
        plot.Axes.Bottom.SetTicks(positions, [.. ran.Select(run => run.HiddenSize.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Axes.Margins(bottom: 0);
        plot.XLabel("hidden size");
        plot.YLabel("seconds per epoch");
    });
}
