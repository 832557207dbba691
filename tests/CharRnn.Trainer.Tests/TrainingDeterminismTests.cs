using System.Diagnostics;
using System.Globalization;
using CharRnn.Cells;
using CharRnn.Training;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// docs/determinism.md's training promise: the same options and seed give the same model file, byte for byte, at any
/// thread count and any vector width. Tiny two-layer models with dropout on, whose widths leave vector tails.
/// </summary>
public class TrainingDeterminismTests
{
    public static TheoryData<CellType> Cells => [CellType.Rnn, CellType.Lstm, CellType.Gru];

    // 10 streams in 4 shards (2, 3, 2, 3 streams); H = 13 leaves a tail at every vector width.
    private static TrainingOptions Tiny(TestFiles files, string corpus, CellType cell, string name) => new()
    {
        CorpusPath = corpus,
        OutputPath = files.PathOf(name + ".charrnn"),
        Cell = cell,
        HiddenSize = 13,
        Layers = 2,
        SeqLength = 12,
        BatchSize = 10,
        Shards = 4,
        Dropout = 0.2,
        MaxSteps = 50,
        EvaluateEvery = 25,
        SampleEvery = 0,
        LearningRate = 0.01,
        Seed = 7,
    };

    private static byte[] Train(TrainingOptions options)
    {
        new CharRnnTrainer(options, TextWriter.Null).Run(CancellationToken.None);
        return File.ReadAllBytes(options.OutputPath);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void One_two_and_four_threads_write_the_same_model_file(CellType cell)
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        TrainingOptions options = Tiny(files, corpus, cell, "one");
        byte[] one = Train(options with { Threads = 1 });
        Assert.Equal(one, Train(options with { Threads = 2, OutputPath = files.PathOf("two.charrnn") }));
        Assert.Equal(one, Train(options with { Threads = 4, OutputPath = files.PathOf("four.charrnn") }));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void A_run_resumed_at_another_thread_count_ends_with_the_uninterrupted_runs_model(CellType cell)
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        // No cooldown, so a run cut short at step 25 trains as the first half of the whole one.
        TrainingOptions whole = Tiny(files, corpus, cell, "whole") with { Threads = 2, Cooldown = 0 };
        TrainingOptions first = whole with { OutputPath = files.PathOf("part.charrnn"), Threads = 1, MaxSteps = 25 };
        Train(first);
        byte[] resumed = Train(first with { Threads = 4, MaxSteps = 50, Shards = null, ResumePath = first.CheckpointTarget });
        Assert.Equal(Train(whole), resumed);
    }

    [Fact]
    public void A_checkpoint_that_does_not_record_its_shards_resumes_with_the_two_of_runs_before_the_option()
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        TrainingOptions whole = Tiny(files, corpus, CellType.Lstm, "whole") with
        {
            Shards = TrainingOptions.LegacyShardCount,
            Cooldown = 0,
        };
        TrainingOptions first = whole with { OutputPath = files.PathOf("part.charrnn"), MaxSteps = 25 };
        Train(first);
        Checkpoint saved = CheckpointFile.Load(first.CheckpointTarget);
        CheckpointFile.Save(first.CheckpointTarget, new Checkpoint
        {
            Identity = [.. saved.Identity.Where(pair => pair.Option != "--shards")], Epoch = saved.Epoch, Chunk = saved.Chunk,
            Step = saved.Step, ElapsedSeconds = saved.ElapsedSeconds, BestValidationLoss = saved.BestValidationLoss,
            BestStep = saved.BestStep, History = saved.History, Weights = saved.Weights, OptimizerSteps = saved.OptimizerSteps,
            OptimizerState = saved.OptimizerState, CarriedState = saved.CarriedState,
        });

        byte[] resumed = Train(first with { Shards = null, MaxSteps = 50, ResumePath = first.CheckpointTarget });
        Assert.Equal(Train(whole), resumed);
        var e = Assert.Throws<TrainingException>(() => Train(first with { Shards = 4, MaxSteps = 60, ResumePath = first.CheckpointTarget }));
        Assert.Contains("--shards 2", e.Message);
    }

    /// <summary>
    /// The same run in a child process whose JIT uses other vectors: none (every Vector operation in software), 128
    /// bits, 512 bits (256 where the CPU lacks AVX-512). This process uses the machine's default width.
    /// </summary>
    [Theory]
    [InlineData(CellType.Lstm, "DOTNET_EnableHWIntrinsic", "0")]
    [InlineData(CellType.Gru, "DOTNET_EnableHWIntrinsic", "0")]
    [InlineData(CellType.Rnn, "DOTNET_EnableHWIntrinsic", "0")]
    [InlineData(CellType.Lstm, "DOTNET_MaxVectorTBitWidth", "128")]
    [InlineData(CellType.Gru, "DOTNET_MaxVectorTBitWidth", "512")]
    public void Other_vector_widths_write_the_same_model_file(CellType cell, string variable, string value)
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        TrainingOptions options = Tiny(files, corpus, cell, "here") with { MaxSteps = 30 };
        byte[] here = Train(options);
        string there = files.PathOf("there.charrnn");
        string[] arguments =
        [
            "train", "--corpus", corpus, "--out", there, "--cell", CellCatalog.Name(cell), "--hidden", "13", "--layers", "2",
            "--seq-length", "12", "--batch-size", "10", "--shards", "4", "--dropout", "0.2", "--max-steps", "30",
            "--eval-every", "25", "--sample-every", "0", "--learning-rate", "0.01", "--seed", "7",
        ];
        RunCharRnn(arguments, variable, value);
        Assert.Equal(here, File.ReadAllBytes(there));
    }

    // Runs charrnn.dll (built beside the tests, with their runtime configuration) with one environment variable set.
    private static void RunCharRnn(string[] arguments, string variable, string value)
    {
        string directory = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in (string[])["exec", "--runtimeconfig", Path.Combine(directory, "CharRnn.Trainer.Tests.runtimeconfig.json"),
            "--depsfile", Path.Combine(directory, "CharRnn.Trainer.Tests.deps.json"), Path.Combine(directory, "charrnn.dll"), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[variable] = value;
        using Process child = Process.Start(start)!;
        Task<string> output = child.StandardOutput.ReadToEndAsync();
        string error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        Assert.True(child.ExitCode == 0, string.Create(CultureInfo.InvariantCulture, $"charrnn exited with {child.ExitCode}: {error}{output.Result}"));
    }
}
