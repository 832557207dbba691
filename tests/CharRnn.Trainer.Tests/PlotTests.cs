using System.Xml.Linq;
using CharRnn.Training;

namespace CharRnn.Trainer.Tests;

public class PlotTests
{
    private static TrainingOptions Tiny(TestFiles files, string plot) => new()
    {
        CorpusPath = files.Write("pattern.txt", TestFiles.PatternText),
        OutputPath = files.PathOf("m.charrnn"),
        PlotPath = files.PathOf(plot),
        HiddenSize = 8,
        SeqLength = 16,
        BatchSize = 4,
        MaxSteps = 30,
        EvaluateEvery = 15,
        SampleEvery = 0,
    };

    [Fact]
    public void The_plot_is_a_png_for_a_png_path()
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, "loss.png");
        new CharRnn.Training.Trainer(options, TextWriter.Null).Run(CancellationToken.None);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], File.ReadAllBytes(options.PlotPath!)[..8]);
    }

    [Fact]
    public void The_plot_is_an_svg_drawing_of_both_curves_for_an_svg_path()
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, "loss.SVG");
        new CharRnn.Training.Trainer(options, TextWriter.Null).Run(CancellationToken.None);
        string svg = File.ReadAllText(options.PlotPath!);
        Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName);
        Assert.Contains("train", svg);
        Assert.Contains("validation", svg);
    }

    [Fact]
    public void An_interrupted_run_still_has_its_plot() // drawn at each evaluation, the final one on Ctrl+C included
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, "loss.svg");
        new CharRnn.Training.Trainer(options, TextWriter.Null).Run(new CancellationToken(canceled: true));
        Assert.Equal("svg", XDocument.Parse(File.ReadAllText(options.PlotPath!)).Root!.Name.LocalName);
    }
}
