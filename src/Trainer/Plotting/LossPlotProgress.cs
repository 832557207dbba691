namespace CharRnn.Training.Plotting;

/// <summary>
/// <c>train --plot</c>: redraws the loss curves to a file at every evaluation (the final one on Ctrl+C included) and
/// passes everything on to the progress it wraps.
/// </summary>
internal sealed class LossPlotProgress : ITrainingProgress
{
    private readonly string _path;
    private readonly ITrainingProgress _inner;

    /// <summary>Checks, before any training, that the plot can be drawn and written at <paramref name="path"/>.</summary>
    /// <exception cref="TrainingException">The path is a directory or cannot be written, or the drawing library cannot be loaded.</exception>
    public LossPlotProgress(string path, ITrainingProgress inner)
    {
        OutputProbe.Check("--plot", path, "the plot there");
        LossPlot.Probe(path);
        _path = path;
        _inner = inner;
    }

    public void Log(string line) => _inner.Log(line);

    public void Report(in ProgressSnapshot snapshot) => _inner.Report(snapshot);

    /// <exception cref="TrainingException">The plot cannot be drawn or the file cannot be written.</exception>
    public void Evaluated(Evaluation evaluation, IReadOnlyList<LossPoint> history)
    {
        LossPlot.Write(_path, history);
        _inner.Evaluated(evaluation, history);
    }
}
