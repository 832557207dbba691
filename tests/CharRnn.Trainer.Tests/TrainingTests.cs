using System.Globalization;
using System.Text.Json;
using CharRnn.ModelFormat;
using CharRnn.Training;
using CharRnn.Training.Corpus;

namespace CharRnn.Trainer.Tests;

public class TrainingTests
{
    private static TrainingOptions Tiny(TestFiles files, string corpus, ulong seed = 1) => new()
    {
        CorpusPath = corpus,
        OutputPath = files.PathOf($"model-{seed}.charrnn"),
        MetricsPath = files.PathOf($"metrics-{seed}.jsonl"),
        HiddenSize = 16,
        SeqLength = 16,
        BatchSize = 4,
        MaxSteps = 300,
        EvaluateEvery = 50,
        LearningRate = 0.01,
        Seed = seed,
    };

    private static CharRnnTrainer Trainer(TrainingOptions options) => new(options, TextWriter.Null);

    private static List<JsonElement> Metrics(string path) =>
        [.. File.ReadAllLines(path).Select(line => JsonDocument.Parse(line).RootElement)];

    [Fact]
    public void A_short_run_lowers_the_validation_loss_and_writes_the_metrics()
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, files.Write("pattern.txt", TestFiles.PatternText));
        TrainingResult result = Trainer(options).Run(CancellationToken.None);

        Assert.Equal(300, result.Steps);
        List<JsonElement> metrics = Metrics(options.MetricsPath!);
        long[] steps = [.. metrics.Select(m => m.GetProperty("step").GetInt64())];
        Assert.Equal([50, 84, 100, 150, 168, 200, 250, 252, 300], steps); // every 50 steps, each epoch (84 steps), the end
        foreach (string field in new[] { "epoch", "chars", "train_loss", "val_loss", "chars_per_s", "elapsed_s", "lr", "grad_norm" })
        {
            Assert.All(metrics, m => Assert.Equal(JsonValueKind.Number, m.GetProperty(field).ValueKind));
        }

        double first = metrics[0].GetProperty("val_loss").GetDouble(), last = metrics[^1].GetProperty("val_loss").GetDouble();
        Assert.True(last < first - 0.5 && last < 1.5, $"val loss went from {first} to {last}");
        ModelFile model = ModelFiles.Load(options.OutputPath);
        Assert.Equal(result.BestValidationLoss, model.Facts.ValidationLoss);
        Assert.Equal("pattern.txt", model.Facts.Corpus);
    }

    [Fact]
    public void Streams_reset_in_turn_change_the_run_from_the_first_chunk_due_on()
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        int[] WeightBits(int resetEvery, long steps)
        {
            TrainingOptions options = Tiny(files, corpus) with
            {
                ResetEvery = resetEvery, MaxSteps = steps, MetricsPath = null, OutputPath = files.PathOf($"reset-{resetEvery}-{steps}.charrnn"),
            };
            Trainer(options).Run(CancellationToken.None);
            return [.. CheckpointFile.Load(options.CheckpointTarget).Weights.Select(BitConverter.SingleToInt32Bits)];
        }

        // Every 8 chunks with 4 streams: stream 3 is the first due, before chunk 2 (2 + ⌊3·8/4⌋ = 8).
        Assert.Equal(WeightBits(0, 2), WeightBits(8, 2));
        Assert.NotEqual(WeightBits(0, 3), WeightBits(8, 3));
    }

    [Fact]
    public void A_run_ends_with_the_cooldown_on_its_learning_rate()
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, files.Write("pattern.txt", TestFiles.PatternText)) with
        {
            MaxSteps = 100, EvaluateEvery = 10, Cooldown = 0.5, LearningRateDecay = 1,
        };
        Trainer(options).Run(CancellationToken.None);

        // Each evaluation reports the rate of the step before it, which had step − 1 steps behind it.
        foreach (JsonElement m in Metrics(options.MetricsPath!))
        {
            long step = m.GetProperty("step").GetInt64();
            double expected = 0.01 * Math.Clamp((1 - (step - 1) / 100.0) / 0.5, 0, 1);
            Assert.Equal(expected, m.GetProperty("lr").GetDouble(), 12);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_bit_for_bit_and_another_seed_other_weights()
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        float[] Train(ulong seed, string name)
        {
            TrainingOptions options = Tiny(files, corpus, seed) with { MaxSteps = 40, OutputPath = files.PathOf(name) };
            Trainer(options).Run(CancellationToken.None);
            return [.. ModelFiles.Load(options.OutputPath).Weights];
        }

        float[] first = Train(5, "a.charrnn"), again = Train(5, "b.charrnn"), other = Train(6, "c.charrnn");
        Assert.Equal(first.Select(BitConverter.SingleToInt32Bits), again.Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(first.Select(BitConverter.SingleToInt32Bits), other.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(CellType.Rnn, 0.0)]
    [InlineData(CellType.Lstm, 0.0)]
    [InlineData(CellType.Gru, 0.0)]
    [InlineData(CellType.Lstm, 0.2)]
    public void Every_cell_trains_stacked_with_and_without_dropout(CellType cell, double dropout)
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, files.Write("pattern.txt", TestFiles.PatternText)) with
        {
            Cell = cell, Layers = 2, Dropout = dropout, MaxSteps = 150, LearningRate = 0.02,
        };
        TrainingResult result = Trainer(options).Run(CancellationToken.None);
        ModelFile model = ModelFiles.Load(options.OutputPath);
        Assert.Equal((cell, 2), (model.Cell, model.Layers));
        // The pattern text is nearly deterministic, so a cell that learns ends far below the uniform guess, ln 20.
        Assert.True(result.BestValidationLoss < 1.0, $"val loss {result.BestValidationLoss}");
    }

    [Fact]
    public void A_cancelled_run_still_evaluates_and_saves()
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, files.Write("pattern.txt", TestFiles.PatternText));
        TrainingResult result = Trainer(options).Run(new CancellationToken(canceled: true));
        Assert.True(result.Interrupted);
        Assert.Equal(0, result.Steps);
        Assert.True(File.Exists(options.OutputPath));
        Assert.Single(Metrics(options.MetricsPath!));
        Assert.Equal(0, CheckpointFile.Load(options.CheckpointTarget).Step);
    }

    [Fact]
    public void The_time_budget_ends_the_run_with_a_final_evaluation()
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, files.Write("pattern.txt", TestFiles.PatternText)) with
        {
            MaxSteps = null,
            TimeBudget = TimeSpan.FromSeconds(0.3),
            EvaluateEvery = int.MaxValue,
        };
        TrainingResult result = Trainer(options).Run(CancellationToken.None);
        Assert.False(result.Interrupted);
        Assert.True(result.Steps > 0);
        Assert.Equal(result.Steps, Metrics(options.MetricsPath!)[^1].GetProperty("step").GetInt64());
    }

    [Fact]
    public void A_corpus_too_short_for_one_chunk_says_what_is_needed()
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, files.Write("short.txt", "abcabcabcabcabcabcabcabcabcab")) with { BatchSize = 2, SeqLength = 20 };
        var e = Assert.Throws<CorpusException>(() => Trainer(options).Run(CancellationToken.None));
        Assert.Contains("has 26 characters, but --batch-size 2 × --seq-length 20 needs at least 41", e.Message);
    }

    [Fact]
    public void Sizes_no_array_can_hold_and_a_directory_as_output_are_refused_before_training()
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", string.Concat(Enumerable.Repeat(TestFiles.PatternText, 200)));
        var huge = Tiny(files, corpus) with { HiddenSize = 4096, BatchSize = 100_000, SeqLength = 5, ValidationFraction = 0.5 };
        Assert.Contains("more than an array holds", Assert.Throws<TrainingException>(() => Trainer(huge).Run(CancellationToken.None)).Message);
        var directory = Tiny(files, corpus) with { OutputPath = files.Root };
        Assert.Contains("is a directory", Assert.Throws<TrainingException>(() => Trainer(directory).Run(CancellationToken.None)).Message);
    }

    [Fact]
    public void A_save_that_fails_during_training_is_one_error_and_the_saved_model_stays()
    {
        using var files = new TestFiles();
        TrainingOptions options = Tiny(files, files.Write("pattern.txt", TestFiles.PatternText)) with { MetricsPath = null };
        // After the first save, a directory where the next save's temporary file goes makes that save fail.
        string temporary = Path.GetFullPath(options.OutputPath) + ".tmp-" + Environment.ProcessId;
        var log = new CallbackWriter(line =>
        {
            if (line.Contains("(saved)", StringComparison.Ordinal))
            {
                Directory.CreateDirectory(temporary);
            }
        });

        var e = Assert.Throws<TrainingException>(() => new CharRnnTrainer(options, log).Run(CancellationToken.None));
        Assert.StartsWith($"--out '{options.OutputPath}': cannot write the model: ", e.Message);
        Assert.EndsWith("; the file keeps the model saved at step 50 (val loss " + ModelFiles.Load(options.OutputPath).Facts.ValidationLoss.ToString("F4", CultureInfo.InvariantCulture) + ")", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    // Hands every line written to it to a callback, so a test can act at a point of a run.
    private sealed class CallbackWriter(Action<string> onLine) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value) => onLine(value ?? "");
    }

    [Fact]
    public void A_short_run_on_a_slice_of_tiny_shakespeare_learns()
    {
        using var files = new TestFiles();
        string slice = files.Write("slice.txt", File.ReadAllText(Repository.Shakespeare)[..40_000]);
        TrainingOptions options = Tiny(files, slice) with { HiddenSize = 32, BatchSize = 8, SeqLength = 25, MaxSteps = 150, LearningRate = 0.005 };
        TrainingResult result = Trainer(options).Run(CancellationToken.None);
        Assert.True(result.BestValidationLoss < 2.9, $"val loss {result.BestValidationLoss}"); // uniform over the vocabulary: ln 60 ≈ 4.1
    }
}
