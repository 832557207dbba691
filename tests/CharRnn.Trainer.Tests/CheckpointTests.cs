using CharRnn.Cells;
using CharRnn.ModelFormat;
using CharRnn.Training;
using CharRnn.Training.Optimizers;

namespace CharRnn.Trainer.Tests;

public class CheckpointTests
{
    // Three short epochs (84 steps each) with the learning rate decaying from the second on.
    private static TrainingOptions Tiny(TestFiles files, string name, long steps) => new()
    {
        CorpusPath = Path.Combine(files.Root, "pattern.txt"),
        OutputPath = files.PathOf(name + ".charrnn"),
        HiddenSize = 12,
        SeqLength = 16,
        BatchSize = 4,
        MaxSteps = steps,
        EvaluateEvery = 50,
        LearningRate = 0.01,
        LearningRateDecay = 0.8,
        LearningRateDecayAfter = 1,
        SampleEvery = 0,
        Seed = 7,
    };

    private static TestFiles WithCorpus()
    {
        var files = new TestFiles();
        files.Write("pattern.txt", TestFiles.PatternText);
        return files;
    }

    private static TrainingResult Train(TrainingOptions options) =>
        new CharRnnTrainer(options, TextWriter.Null).Run(CancellationToken.None);

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    [Theory]
    [InlineData(nameof(OptimizerKind.Adam), "Value", 70, "rnn", 0, 0)]      // inside the first epoch
    [InlineData(nameof(OptimizerKind.Adam), "Norm", 84, "lstm", 0.3, 5)]    // exactly at an epoch's end, dropout on, streams reset in turn
    [InlineData(nameof(OptimizerKind.RmsProp), "Norm", 130, "gru", 0.2, 3)] // inside a decayed epoch
    [InlineData(nameof(OptimizerKind.Adagrad), "Value", 50, "rnn", 0.1, 0)] // at a periodic evaluation
    [InlineData(nameof(OptimizerKind.Sgd), "Value", 1, "rnn", 0, 0)]
    public void An_interrupted_and_resumed_run_ends_with_the_weights_of_an_uninterrupted_one(string optimizer, string clipMode, long stopAt,
        string cell, double dropout, int resetEvery)
    {
        Assert.True(CellCatalog.TryParse(cell, out CellType cellType));
        using TestFiles files = WithCorpus();
        OptimizerKind kind = Enum.Parse<OptimizerKind>(optimizer);
        TrainingOptions Options(string name, long steps) => Tiny(files, name, steps) with
        {
            Optimizer = kind,
            LearningRate = Optimizer<float>.DefaultLearningRate(kind) * (kind == OptimizerKind.Sgd ? 1 : 5),
            ClipMode = Enum.Parse<ClipMode>(clipMode),
            Clip = clipMode == "Norm" ? 0.5 : 5,
            Cell = cellType,
            Layers = dropout > 0 ? 2 : 1,
            Dropout = dropout,
            ResetEvery = resetEvery,
        };

        TrainingOptions whole = Options("whole", 200);
        Train(whole);
        // Stopped as Ctrl+C stops it, so both parts run the whole run's schedule, its cooldown included.
        TrainingOptions first = Options("parts", 200);
        using (var cancellation = new CancellationTokenSource())
        {
            TrainingResult stopped = new CharRnnTrainer(first, new CancelAtStep(cancellation, stopAt)).Run(cancellation.Token);
            Assert.True(stopped.Interrupted);
            Assert.Equal(stopAt, stopped.Steps);
        }

        TrainingOptions rest = first with { ResumePath = first.CheckpointTarget };
        Assert.Equal(200, Train(rest).Steps);

        Assert.Equal(Bits(CheckpointFile.Load(whole.CheckpointTarget).Weights), Bits(CheckpointFile.Load(rest.CheckpointTarget).Weights));
        Assert.Equal(Bits([.. ModelFiles.Load(whole.OutputPath).Weights]), Bits([.. ModelFiles.Load(rest.OutputPath).Weights]));
        Assert.Equal(ModelFiles.Load(whole.OutputPath).Facts, ModelFiles.Load(rest.OutputPath).Facts);
    }

    [Fact]
    public void The_streamed_checksum_is_the_model_files_fnv1a64()
    {
        byte[] bytes = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 7))];
        using var hashed = new ChecksumStream(Stream.Null);
        hashed.Write(bytes, 0, 10);
        hashed.Write(bytes.AsSpan(10));
        Assert.Equal(Fnv1a64.Hash(bytes), hashed.Hash);
        Assert.Equal(Fnv1a64.Hash(bytes), ChecksumStream.Of(bytes));
    }

    [Fact]
    public void A_stray_temporary_file_from_a_killed_save_leaves_the_checkpoint_readable()
    {
        using TestFiles files = WithCorpus();
        TrainingOptions first = Tiny(files, "m", 60);
        Train(first);
        byte[] saved = File.ReadAllBytes(first.CheckpointTarget);
        // What kill -9 during a save leaves: half a new checkpoint beside the whole old one.
        File.WriteAllBytes(first.CheckpointTarget + ".tmp-99999", saved[..(saved.Length / 2)]);
        File.WriteAllBytes(first.CheckpointTarget + ".tmp-" + Environment.ProcessId, saved[..(saved.Length / 3)]);

        Assert.Equal(60, CheckpointFile.Load(first.CheckpointTarget).Step);
        Assert.Equal(100, Train(first with { MaxSteps = 100, ResumePath = first.CheckpointTarget }).Steps);
        Assert.Equal(100, CheckpointFile.Load(first.CheckpointTarget).Step);
    }

    [Fact]
    public void A_cut_short_or_changed_checkpoint_is_refused_as_damaged()
    {
        using TestFiles files = WithCorpus();
        TrainingOptions options = Tiny(files, "m", 20);
        Train(options);
        byte[] bytes = File.ReadAllBytes(options.CheckpointTarget);
        byte[] changed = [.. bytes];
        changed[bytes.Length / 2] ^= 1;

        foreach (byte[] damaged in new[] { bytes[..(bytes.Length - 1)], bytes[..40], changed })
        {
            string path = files.Write("damaged.ckpt", damaged);
            var e = Assert.Throws<TrainingException>(() => CheckpointFile.Load(path));
            Assert.Equal($"--resume '{path}': the checkpoint is damaged (cut short or changed: its checksum does not match); resume from an intact checkpoint, or train afresh without --resume", e.Message);
        }
    }

    [Fact]
    public void Other_files_and_versions_are_refused_naming_the_problem()
    {
        using TestFiles files = WithCorpus();
        TrainingOptions options = Tiny(files, "m", 20);
        Train(options);
        string Error(string path) => Assert.Throws<TrainingException>(() => CheckpointFile.Load(path)).Message;

        Assert.Contains("not a charrnn checkpoint", Error(options.OutputPath));
        Assert.Contains("not a charrnn checkpoint", Error(files.Write("empty.ckpt", [])));
        Assert.Contains("the checkpoint does not exist", Error(files.PathOf("missing.ckpt")));
        Assert.Contains("is a directory; give the checkpoint file in it", Error(files.Root));
        byte[] bytes = File.ReadAllBytes(options.CheckpointTarget);
        byte[] future = [.. "charrnn checkpoint 2"u8, .. bytes.AsSpan("charrnn checkpoint 1".Length)];
        Assert.Contains("a checkpoint of version '2', but this charrnn reads version 1", Error(files.Write("future.ckpt", future)));
    }

    [Fact]
    public void Resuming_with_other_shapes_a_seed_or_another_corpus_names_the_option()
    {
        using TestFiles files = WithCorpus();
        TrainingOptions options = Tiny(files, "m", 20);
        Train(options);
        TrainingOptions resume = options with { MaxSteps = 40, ResumePath = options.CheckpointTarget, CheckpointPath = files.PathOf("next.ckpt") };
        string Error(TrainingOptions changed) => Assert.Throws<TrainingException>(() => Train(changed)).Message;

        Assert.Equal($"--resume '{options.CheckpointTarget}': it was made with --hidden 12, but this run has --hidden 8; resume with the options the checkpoint was made with, or train afresh without --resume",
            Error(resume with { HiddenSize = 8 }));
        Assert.Contains("it was made with --seed 7, but this run has --seed 8", Error(resume with { Seed = 8 }));
        Assert.Contains("it was made with --optimizer adam, but this run has --optimizer sgd", Error(resume with { Optimizer = OptimizerKind.Sgd }));
        string other = files.Write("other.txt", TestFiles.PatternText.Replace("cat", "cow", StringComparison.Ordinal));
        Assert.Contains("it was made with --corpus with 6", Error(resume with { CorpusPath = other }));
        Assert.False(File.Exists(resume.CheckpointTarget));
    }

    [Fact]
    public void A_diverging_run_stops_naming_the_step_and_leaves_the_model_and_checkpoint_as_they_were()
    {
        using TestFiles files = WithCorpus();
        TrainingOptions options = Tiny(files, "m", 50) with { Optimizer = OptimizerKind.Sgd, LearningRate = 0.5 };
        Train(options);
        byte[] model = File.ReadAllBytes(options.OutputPath), checkpoint = File.ReadAllBytes(options.CheckpointTarget);

        // A learning rate no float survives: the weights overflow within a few steps.
        TrainingOptions wild = options with { MaxSteps = 200, LearningRate = 1e38, ResumePath = options.CheckpointTarget };
        var e = Assert.Throws<TrainingException>(() => Train(wild));
        string checkpointPath = options.CheckpointTarget;
        Assert.Matches(@"^training diverged at step 5\d \((the loss is (NaN|Infinity)|the gradient holds NaN or infinite values)\); ", e.Message);
        Assert.EndsWith($"); '{checkpointPath}' keeps the state of step 50; lower --learning-rate or --clip (or use --clip-mode norm), then continue with --resume '{checkpointPath}'", e.Message);
        Assert.Equal(model, File.ReadAllBytes(options.OutputPath));
        Assert.Equal(checkpoint, File.ReadAllBytes(options.CheckpointTarget));

        // Diverging before the first evaluation writes nothing at all.
        TrainingOptions fresh = options with { OutputPath = files.PathOf("fresh.charrnn"), LearningRate = 1e38 };
        Assert.EndsWith("; no checkpoint was written yet; lower --learning-rate or --clip (or use --clip-mode norm)",
            Assert.Throws<TrainingException>(() => Train(fresh)).Message);
        Assert.False(File.Exists(fresh.OutputPath) || File.Exists(fresh.CheckpointTarget));
    }
}
