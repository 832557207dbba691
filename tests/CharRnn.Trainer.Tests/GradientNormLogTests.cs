using System.Text.Json;
using CharRnn.Training;
using CharRnn.Training.Optimizers;

namespace CharRnn.Trainer.Tests;

/// <summary><c>--log-grad-norm</c>: a JSON line per step; <c>--clip-mode none</c>; samples in the metrics file.</summary>
public class GradientNormLogTests
{
    private static TrainingOptions Tiny(TestFiles files, ClipMode mode, double clip, string name) => new()
    {
        CorpusPath = files.Write("pattern.txt", TestFiles.PatternText),
        OutputPath = files.PathOf(name + ".charrnn"),
        MetricsPath = files.PathOf(name + ".jsonl"),
        GradientNormLogPath = files.PathOf(name + ".grad.jsonl"),
        ClipMode = mode,
        Clip = clip,
        HiddenSize = 8,
        SeqLength = 16,
        BatchSize = 4,
        MaxSteps = 30,
        EvaluateEvery = 10,
        SampleEvery = 0,
        LearningRate = 0.05,
    };

    private static List<JsonElement> Lines(string path) =>
        [.. File.ReadAllLines(path).Select(line => JsonDocument.Parse(line).RootElement)];

    private static List<JsonElement> Train(TrainingOptions options)
    {
        new CharRnnTrainer(options, TextWriter.Null).Run(CancellationToken.None);
        return Lines(options.GradientNormLogPath!);
    }

    [Fact]
    public void Every_step_has_one_line_with_a_finite_norm_and_the_metrics_mean_is_the_mean_of_those_lines()
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, ClipMode.Norm, 5, "norm");
        List<JsonElement> log = Train(options);

        Assert.Equal(Enumerable.Range(1, 30), log.Select(line => line.GetProperty("step").GetInt32()));
        Assert.All(log, line => Assert.Equal(["step", "epoch", "loss", "grad_norm", "clipped"], line.EnumerateObject().Select(p => p.Name)));
        Assert.All(log, line => Assert.True(double.IsFinite(line.GetProperty("grad_norm").GetDouble()) && line.GetProperty("grad_norm").GetDouble() > 0));
        Assert.All(log, line => Assert.Equal(1, line.GetProperty("epoch").GetInt32())); // 84 steps per epoch

        // The metrics' grad_norm at steps 10, 20, 30 is the mean over the ten steps before each.
        List<JsonElement> metrics = Lines(options.MetricsPath!);
        for (int i = 0; i < 3; i++)
        {
            double mean = log.Skip(10 * i).Take(10).Average(line => line.GetProperty("grad_norm").GetDouble());
            Assert.Equal(mean, metrics[i].GetProperty("grad_norm").GetDouble(), 1e-12);
        }
    }

    [Fact]
    public void Clipped_says_whether_norm_clipping_changed_the_gradient_and_a_clipped_step_changes_the_run()
    {
        using var files = new TestFiles();
        List<JsonElement> off = Train(Tiny(files, ClipMode.None, 5, "off"));
        double[] norms = [.. off.Select(line => line.GetProperty("grad_norm").GetDouble())];
        double bound = norms.Order().ElementAt(norms.Length / 2); // half the steps of a run without clipping lie above this
        List<JsonElement> on = Train(Tiny(files, ClipMode.Norm, bound, "on"));

        Assert.All(off, line => Assert.False(line.GetProperty("clipped").GetBoolean()));
        Assert.All(on, line => Assert.Equal(line.GetProperty("grad_norm").GetDouble() > bound, line.GetProperty("clipped").GetBoolean()));
        Assert.Contains(on, line => line.GetProperty("clipped").GetBoolean());

        // The same seed gives the same first gradient; from the first clipped step on, the runs part.
        int firstClipped = on.FindIndex(line => line.GetProperty("clipped").GetBoolean());
        for (int i = 0; i <= firstClipped; i++)
        {
            Assert.Equal(off[i].GetProperty("grad_norm").GetDouble(), on[i].GetProperty("grad_norm").GetDouble());
        }

        Assert.NotEqual(off[firstClipped + 1].GetProperty("grad_norm").GetDouble(), on[firstClipped + 1].GetProperty("grad_norm").GetDouble());
    }

    [Fact]
    public void Value_clipping_reports_a_step_as_clipped_when_an_element_lay_beyond_the_bound()
    {
        using var files = new TestFiles();
        List<JsonElement> loose = Train(Tiny(files, ClipMode.Value, 1e6, "loose"));
        List<JsonElement> tight = Train(Tiny(files, ClipMode.Value, 1e-4, "tight"));
        Assert.All(loose, line => Assert.False(line.GetProperty("clipped").GetBoolean()));
        Assert.All(tight, line => Assert.True(line.GetProperty("clipped").GetBoolean()));
    }

    [Fact]
    public void Clip_mode_none_refuses_an_explicit_clip_and_a_diverging_run_names_clipping_as_the_fix()
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        (int exit, _, string error) = CliTests.Run("train", "--corpus", corpus, "--out", files.PathOf("m.charrnn"), "--clip-mode", "none", "--clip", "5");
        Assert.Equal(1, exit);
        Assert.Equal("charrnn: error: --clip has no effect with --clip-mode none; drop --clip, or pick --clip-mode value or norm\n", error);

        // An absurd learning rate without clipping overflows; the log keeps the step it happened at, with a null.
        TrainingOptions options = Tiny(files, ClipMode.None, 5, "boom") with { LearningRate = 1e300, Optimizer = OptimizerKind.Sgd };
        TrainingException e = Assert.Throws<TrainingException>(() => new CharRnnTrainer(options, TextWriter.Null).Run(CancellationToken.None));
        Assert.EndsWith("lower --learning-rate or turn clipping on (--clip-mode value or norm)", e.Message);
        JsonElement last = Lines(options.GradientNormLogPath!)[^1];
        Assert.True(last.GetProperty("loss").ValueKind == JsonValueKind.Null || last.GetProperty("grad_norm").ValueKind == JsonValueKind.Null);
        Assert.False(last.GetProperty("clipped").GetBoolean());
    }

    [Fact]
    public void A_sample_printed_at_an_epoch_end_is_recorded_in_that_evaluation_of_the_metrics_file()
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, ClipMode.Value, 5, "sampled") with { MaxSteps = null, Epochs = 2, SampleEvery = 1, EvaluateEvery = 84 };
        var log = new StringWriter();
        new CharRnnTrainer(options, log).Run(CancellationToken.None);

        List<JsonElement> metrics = Lines(options.MetricsPath!);
        Assert.Equal([84, 168], metrics.Select(m => m.GetProperty("step").GetInt64())); // an evaluation due at the epoch's end is made once
        foreach (JsonElement evaluation in metrics)
        {
            string sample = evaluation.GetProperty("sample").GetString()!;
            Assert.Equal(200, sample.EnumerateRunes().Count());
            Assert.Contains($"--- sample after epoch {evaluation.GetProperty("epoch").GetInt32()} (step {evaluation.GetProperty("step").GetInt64()}) ---\n{sample}\n", log.ToString());
        }
    }

    [Fact]
    public void Plot_grad_norm_overlays_the_logs_of_two_runs_on_a_log_scale()
    {
        using var files = new TestFiles();
        TrainingOptions off = Tiny(files, ClipMode.None, 5, "off"), on = Tiny(files, ClipMode.Norm, 0.5, "on");
        Train(off);
        Train(on);
        string svg = files.PathOf("grad.svg"), png = files.PathOf("grad.png");
        (int exit, string output, string error) = CliTests.Run("plot-grad-norm", "--log", off.GradientNormLogPath!, "--log", on.GradientNormLogPath!, "--out", svg);
        Assert.True(exit == 0, error);
        Assert.Equal("", output);
        string drawing = File.ReadAllText(svg);
        Assert.Equal("svg", System.Xml.Linq.XDocument.Parse(drawing).Root!.Name.LocalName);
        Assert.Contains("off.grad (0% of steps clipped)", drawing);
        Assert.Contains("on.grad (", drawing);
        Assert.Equal(0, CliTests.Run("plot-grad-norm", "--log", off.GradientNormLogPath!, "--out", png).Exit);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
    }

    [Fact]
    public void Plot_grad_norm_rejects_a_file_that_is_not_a_gradient_norm_log()
    {
        using var files = new TestFiles();
        string metrics = files.Write("metrics.jsonl", "{\"epoch\":1,\"step\":5,\"val_loss\":2.5}\n");
        (int exit, _, string error) = CliTests.Run("plot-grad-norm", "--log", metrics, "--out", files.PathOf("g.svg"));
        Assert.Equal(1, exit);
        Assert.Equal($"charrnn: error: --log '{metrics}': line 1 is not a gradient-norm line ({{\"step\":…,\"grad_norm\":…,\"clipped\":…}}); give a file written by train --log-grad-norm\n", error);
        Assert.Equal(2, CliTests.Run("plot-grad-norm", "--log", metrics, "--out", files.PathOf("g.jpg")).Exit);
    }
}
