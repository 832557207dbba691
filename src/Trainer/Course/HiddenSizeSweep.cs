using System.Globalization;

namespace CharRnn.Training.Course;

/// <summary>A sweep: the same training run at each of several hidden sizes.</summary>
internal sealed record SweepOptions
{
    /// <summary>Everything the runs share (corpus, slice, cell, layers, epochs, seed); the sweep sets the size and the files.</summary>
    public required TrainingOptions Training { get; init; }

    public required IReadOnlyList<int> HiddenSizes { get; init; }

    /// <summary>The folder for the models, metrics, report and plots.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The command as typed, quoted in the report.</summary>
    public required string CommandLine { get; init; }
}

/// <summary>One size of a sweep and its files; <see cref="Result"/> is null when the sweep stopped before it.</summary>
internal sealed record SweepRun(int HiddenSize, string ModelFile, string MetricsFile, TrainingResult? Result)
{
    public bool Finished => Result is { Interrupted: false };

    /// <summary>The evaluation the run ended with.</summary>
    public Evaluation? Last => Result?.Evaluations is [.., var last] ? last : null;

    /// <summary>Passes over the training split done, fractional for an interrupted run.</summary>
    public double Epochs => Result is { } r ? (double)r.Steps / r.StepsPerEpoch : 0;

    /// <summary>
    /// The wall-clock time of the training loop (validation passes and samples included) per epoch, counted from the
    /// end of the first epoch when the run went past it: the first epoch also pays for the JIT compiling the loop.
    /// </summary>
    public double SecondsPerEpoch
    {
        get
        {
            if (Result is not { } result || Last is not { } last || result.Steps == 0)
            {
                return double.NaN;
            }

            Evaluation? first = result.Evaluations.FirstOrDefault(e => e.Step == result.StepsPerEpoch);
            return first is not null && last.Step > first.Step
                ? (last.ElapsedSeconds - first.ElapsedSeconds) * result.StepsPerEpoch / (last.Step - first.Step)
                : last.ElapsedSeconds / Epochs;
        }
    }

    /// <summary>The sample printed at the run's last epoch; null when the run stopped before it.</summary>
    public string? Sample => Result?.Evaluations.LastOrDefault(e => e.Sample is not null)?.Sample;
}

/// <summary>
/// <c>charrnn sweep</c>: trains one model per hidden size with the real <see cref="CharRnnTrainer"/> (same corpus slice,
/// split, seed and options), then writes <c>report.md</c> and the plots. Ctrl+C stops the run in progress as
/// <c>train</c> does (evaluated and saved); the sizes after it are not run, and the report says so.
/// </summary>
internal static class HiddenSizeSweep
{
    public const string ReportFile = "report.md";
    public const string LossPlotFile = "loss.svg";
    public const string SpeedPlotFile = "seconds-per-epoch.svg";

    /// <exception cref="TrainingException">A run failed, or the report or a plot cannot be written.</exception>
    /// <exception cref="Corpus.CorpusException">The corpus cannot be used.</exception>
    public static IReadOnlyList<SweepRun> Run(SweepOptions options, ITrainingProgress progress, CancellationToken cancellation)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        SweepPlots.Probe(Path.Combine(options.OutputDirectory, LossPlotFile));
        var runs = new List<SweepRun>();
        for (int i = 0; i < options.HiddenSizes.Count; i++)
        {
            int size = options.HiddenSizes[i];
            string name = "hidden-" + size.ToString(CultureInfo.InvariantCulture);
            string model = Path.Combine(options.OutputDirectory, name + ".charrnn");
            string metrics = Path.Combine(options.OutputDirectory, name + ".jsonl");
            if (cancellation.IsCancellationRequested)
            {
                runs.Add(new SweepRun(size, model, metrics, null));
                continue;
            }

            progress.Log(string.Create(CultureInfo.InvariantCulture, $"=== sweep: hidden size {size} ({i + 1} of {options.HiddenSizes.Count}) ==="));
            TrainingOptions training = options.Training with
            {
                HiddenSize = size,
                OutputPath = model,
                MetricsPath = metrics,
                SampleEvery = options.Training.Epochs ?? 0, // one sample, at the last epoch, for the report
            };
            runs.Add(new SweepRun(size, model, metrics, new CharRnnTrainer(training, progress).Run(cancellation)));
        }

        SweepReport.Write(Path.Combine(options.OutputDirectory, ReportFile), options, runs);
        SweepPlots.WriteLossCurves(Path.Combine(options.OutputDirectory, LossPlotFile), runs);
        SweepPlots.WriteSecondsPerEpoch(Path.Combine(options.OutputDirectory, SpeedPlotFile), runs);
        progress.Log($"sweep report written to {Path.Combine(options.OutputDirectory, ReportFile)}");
        return runs;
    }
}
