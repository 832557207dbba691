using System.Xml.Linq;
using CharRnn.Training;
using CharRnn.Training.Plotting;

namespace CharRnn.Trainer.Tests;

public class PlotTests
{
    private static TrainingOptions Tiny(TestFiles files) => new()
    {
        CorpusPath = files.Write("pattern.txt", TestFiles.PatternText),
        OutputPath = files.PathOf("m.charrnn"),
        HiddenSize = 8,
        SeqLength = 16,
        BatchSize = 4,
        MaxSteps = 30,
        EvaluateEvery = 15,
        SampleEvery = 0,
    };

    // As `train --plot` runs: the plot is drawn by the progress the run reports to.
    private static void Train(TrainingOptions options, string plot, CancellationToken cancellation) =>
        new CharRnnTrainer(options, new LossPlotProgress(plot, new PlainProgress(TextWriter.Null))).Run(cancellation);

    [Fact]
    public void The_plot_is_a_png_for_a_png_path()
    {
        using var files = new TestFiles();
        string plot = files.PathOf("loss.png");
        Train(Tiny(files), plot, CancellationToken.None);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], File.ReadAllBytes(plot)[..8]);
    }

    [Fact]
    public void The_plot_is_an_svg_drawing_of_both_curves_for_an_svg_path()
    {
        using var files = new TestFiles();
        string plot = files.PathOf("loss.SVG");
        Train(Tiny(files), plot, CancellationToken.None);
        string svg = File.ReadAllText(plot);
        Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName);
        Assert.Contains("train", svg);
        Assert.Contains("validation", svg);
    }

    [Fact]
    public void An_interrupted_run_still_has_its_plot() // drawn at each evaluation, the final one on Ctrl+C included
    {
        using var files = new TestFiles();
        string plot = files.PathOf("loss.svg");
        Train(Tiny(files), plot, new CancellationToken(canceled: true));
        Assert.Equal("svg", XDocument.Parse(File.ReadAllText(plot)).Root!.Name.LocalName);
    }
}
