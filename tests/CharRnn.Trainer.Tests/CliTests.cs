using System.Text;
using CharRnn.Training.Commands;

namespace CharRnn.Trainer.Tests;

/// <summary>A tiny model trained once through the CLI, shared by the command tests.</summary>
public sealed class TrainedModel : IDisposable
{
    public TrainedModel()
    {
        Corpus = Files.Write("pattern.txt", TestFiles.PatternText);
        Model = Files.PathOf("tiny.charrnn");
        (int exit, _, string error) = CliTests.Run("train", "--corpus", Corpus, "--out", Model, "--hidden", "16",
            "--batch-size", "4", "--seq-length", "16", "--max-steps", "200", "--learning-rate", "0.01", "--sample-every", "0");
        if (exit != 0)
        {
            throw new InvalidOperationException("training the test model failed: " + error);
        }
    }

    internal TestFiles Files { get; } = new();

    public string Corpus { get; }

    public string Model { get; }

    public void Dispose() => Files.Dispose();
}

public class CliTests(TrainedModel trained) : IClassFixture<TrainedModel>
{
    internal static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int exit = CharRnnCli.Run(args, new Terminal(output, error));
        return (exit, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    // One clear line on stderr, nothing on stdout, a non-zero exit code.
    internal static string AssertFails(params string[] args)
    {
        (int exit, string output, string error) = Run(args);
        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        Assert.StartsWith("charrnn: error: ", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        return error;
    }

    [Fact]
    public void Sample_prints_the_prime_and_exactly_length_characters()
    {
        (int exit, string output, string error) = Run("sample", "--model", trained.Model, "--prime", "the ", "--length", "57", "--seed", "3");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.StartsWith("the ", output);
        Assert.Equal(4 + 57, output.EnumerateRunes().Count());
    }

    [Fact]
    public void Sample_with_one_seed_repeats_and_another_seed_differs()
    {
        string Sample(string seed) => Run("sample", "--model", trained.Model, "--seed", seed, "--length", "200").Output;
        Assert.Equal(Sample("11"), Sample("11"));
        Assert.NotEqual(Sample("11"), Sample("12"));
    }

    [Fact]
    public void Greedy_and_top_k_sampling_work()
    {
        (int exit, string greedy, _) = Run("sample", "--model", trained.Model, "--greedy", "--length", "30");
        Assert.Equal(0, exit);
        Assert.Equal(greedy, Run("sample", "--model", trained.Model, "--greedy", "--length", "30", "--seed", "9").Output);
        Assert.Equal(greedy, Run("sample", "--model", trained.Model, "--top-k", "1", "--length", "30").Output);
    }

    [Fact]
    public void Characters_beyond_the_basic_plane_train_and_sample_as_one_character_each()
    {
        string corpus = trained.Files.Write("emoji.txt", string.Concat(Enumerable.Repeat("cat 😀 dog 🐕 ", 60)));
        string model = trained.Files.PathOf("emoji.charrnn");
        Assert.Equal(0, Run("train", "--corpus", corpus, "--out", model, "--hidden", "8", "--batch-size", "2", "--seq-length", "8",
            "--max-steps", "20", "--sample-every", "0").Exit);
        (int exit, string output, _) = Run("sample", "--model", model, "--prime", "🐕", "--length", "100", "--seed", "1");
        Assert.Equal(0, exit);
        Assert.Equal(101, output.EnumerateRunes().Count());
        Assert.DoesNotContain(output.EnumerateRunes(), rune => rune == Rune.ReplacementChar);
    }

    [Fact]
    public void Sample_with_length_zero_prints_only_the_prime() =>
        Assert.Equal("a dog", Run("sample", "--model", trained.Model, "--prime", "a dog", "--length", "0").Output);

    [Fact]
    public void Eval_prints_nats_and_bits_per_character()
    {
        (int exit, string output, string error) = Run("eval", "--model", trained.Model, "--corpus", trained.Corpus);
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Matches(@"^\d+\.\d{4} nats/char, \d+\.\d{4} bits/char over \d+ predicted characters\n$", output);
        double nats = double.Parse(output.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(nats, 0.1, 1.5); // the model learned this text; uniform would be ln 20 ≈ 3
    }

    [Fact]
    public void Eval_with_the_runs_batch_size_as_streams_reproduces_the_validation_loss_the_trainer_reported()
    {
        TestFiles files = trained.Files;
        string model = files.PathOf("streams.charrnn"), metrics = files.PathOf("streams.jsonl");
        Run("train", "--corpus", trained.Corpus, "--out", model, "--metrics", metrics, "--hidden", "16", "--batch-size", "3",
            "--seq-length", "16", "--max-steps", "30", "--eval-every", "30", "--sample-every", "0");
        double reported = System.Text.Json.JsonDocument.Parse(File.ReadLines(metrics).Last()).RootElement.GetProperty("val_loss").GetDouble();
        string text = TestFiles.PatternText;
        string validation = files.Write("validation.txt", text[^(int)Math.Round(text.Length * 0.1)..]); // the trainer's split

        string Eval(params string[] options) => Run(["eval", "--model", model, "--corpus", validation, .. options]).Output.Split(' ')[0];

        Assert.Equal(reported.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), Eval("--streams", "3"));
        Assert.NotEqual(Eval("--streams", "3"), Eval()); // one stream has no cold starts mid-text
        Assert.NotEqual(Eval("--streams", "3"), Eval("--streams", "3", "--warmup", "40"));
        Assert.Contains("too short for 100000 streams", AssertFails("eval", "--model", model, "--corpus", validation, "--streams", "100000"));
    }

    [Theory]
    [InlineData("lstm", "", "training: adam, learning rate 0.003 (×0.97 per epoch after 10), dropout 0.1, chunks of 50 characters; each stream restarts from zero every 20 steps\n")]
    [InlineData("gru", "", "training: adam, learning rate 0.002 (×0.97 per epoch after 10), dropout 0.25, chunks of 50 characters\n")]
    [InlineData("rnn", "", "training: adam, learning rate 0.003 (×0.97 per epoch after 10), dropout 0.05, chunks of 25 characters\n")]
    [InlineData("lstm", "--dropout 0.3 --reset-every 0 --learning-rate 0.001 --lr-decay 1", "training: adam, learning rate 0.001, dropout 0.3, chunks of 50 characters\n")]
    [InlineData("lstm", "--optimizer rmsprop --seq-length 8", "training: rmsprop, learning rate 0.002 (×0.97 per epoch after 10), dropout 0.1, chunks of 8 characters; each stream restarts from zero every 20 steps\n")]
    [InlineData("rnn", "--optimizer adagrad --lr-decay 0.5 --lr-decay-after 3 --seq-length 50", "training: adagrad, learning rate 0.1 (×0.5 per epoch after 3), dropout 0.05, chunks of 50 characters\n")]
    [InlineData("gru", "--dropout 0 --reset-every 7", "training: adam, learning rate 0.002 (×0.97 per epoch after 10), dropout 0, chunks of 50 characters; each stream restarts from zero every 7 steps\n")]
    public void Train_prints_the_rate_dropout_chunk_length_and_restarts_in_force_which_default_by_cell(string cell, string options, string line)
    {
        string model = trained.Files.PathOf($"defaults-{cell}-{options.Length}.charrnn");
        (int exit, _, string error) = Run(["train", "--corpus", trained.Corpus, "--out", model, "--cell", cell, "--hidden", "8",
            "--batch-size", "4", "--max-steps", "1", "--sample-every", "0", .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(0, exit);
        Assert.Contains("\n" + line, error);
    }

    [Fact]
    public void Help_goes_to_stdout_and_mentions_line_ends()
    {
        (int exit, string output, _) = Run("train", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--time-budget", output);
        Assert.Contains("CRLF", output);
    }

    [Theory]
    [InlineData("--hidden", "-1", "--hidden is -1; it must be 1 to 4096")]
    [InlineData("--hidden", "0", "--hidden is 0")]
    [InlineData("--layers", "5", "--layers is 5; it must be 1 to 4")]
    [InlineData("--seq-length", "0", "--seq-length is 0")]
    [InlineData("--batch-size", "-3", "--batch-size is -3")]
    [InlineData("--epochs", "0", "--epochs is 0; it must be at least 1")]
    [InlineData("--max-steps", "-1", "--max-steps is -1")]
    [InlineData("--time-budget", "0", "--time-budget is 0; it must be a number greater than 0")]
    [InlineData("--learning-rate", "-0.1", "--learning-rate is -0.1")]
    [InlineData("--clip", "0", "--clip is 0")]
    [InlineData("--val-fraction", "1", "--val-fraction is 1; it must be a number between 0 and 1 (exclusive)")]
    [InlineData("--val-fraction", "0", "--val-fraction is 0")]
    [InlineData("--sample-every", "-1", "--sample-every is -1")]
    [InlineData("--cell", "transformer", "--cell is transformer; it must be one of: rnn, lstm, gru")]
    [InlineData("--dropout", "1", "--dropout is 1; it must be a probability from 0 up to (not including) 1")]
    [InlineData("--dropout", "-0.1", "--dropout is -0.1; it must be a probability")]
    [InlineData("--lr-decay", "0", "--lr-decay is 0; it must be greater than 0 and at most 1")]
    [InlineData("--lr-decay", "1.5", "--lr-decay is 1.5")]
    [InlineData("--lr-decay-after", "-1", "--lr-decay-after is -1; it must be at least 0")]
    [InlineData("--cooldown", "1.5", "--cooldown is 1.5; it must be a share from 0 to 1")]
    [InlineData("--cooldown", "-0.1", "--cooldown is -0.1")]
    [InlineData("--clip-mode", "global", "--clip-mode is global; it must be value, norm or none")]
    [InlineData("--plot", "loss.jpg", "--plot 'loss.jpg' has no .png or .svg extension; name the file .png for an image or .svg for a drawing")]
    [InlineData("--resume", "missing.ckpt", "--resume 'missing.ckpt': the checkpoint does not exist")]
    [InlineData("--optimizer", "lion", "--optimizer is lion; it must be adam, adagrad, rmsprop or sgd")]
    [InlineData("--optimizer", "2", "--optimizer is 2;")]
    [InlineData("--hidden", "many", "--hidden is 'many'; it must be a whole number")]
    [InlineData("--seed", "-1", "--seed is '-1'; it must be a whole number from 0")]
    [InlineData("--dropout", "lots", "--dropout is 'lots'; it must be a number")]
    [InlineData("--init-scale", "0", "--init-scale is 0; it must be a number between 0 and 100 (exclusive)")]
    [InlineData("--init-scale", "-1", "--init-scale is -1")]
    public void Train_rejects_nonsense_options(string option, string value, string message)
    {
        string error = AssertFails("train", "--corpus", trained.Corpus, "--out", "unused.charrnn", option, value);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Train_rejects_bad_corpora()
    {
        TestFiles files = trained.Files;
        string Train(string corpus) => AssertFails("train", "--corpus", corpus, "--out", files.PathOf("bad.charrnn"));
        Assert.Contains("does not exist", Train(files.PathOf("missing.txt")));
        Assert.Contains("is empty", Train(files.Write("empty.txt", "")));
        Assert.Contains("looks binary", Train(files.Write("binary.bin", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0])));
        Assert.Contains("not valid UTF-8", Train(files.Write("latin1.txt", [(byte)'c', (byte)'a', (byte)'f', 0xE9])));
        Assert.Contains("only one distinct character", Train(files.Write("one.txt", new string('x', 5000))));
        Assert.Contains("--batch-size 32 × --seq-length 25 needs at least 801", Train(files.Write("short.txt", "to be or not to be"))); // the rnn's defaults
        Assert.False(File.Exists(files.PathOf("bad.charrnn")));
    }

    [Fact]
    public void Required_options_and_commands_are_usage_errors()
    {
        Assert.Contains("--out", AssertFails("train", "--corpus", trained.Corpus));
        Assert.Contains("--model", AssertFails("sample"));
        AssertFails();
        AssertFails("fly");
        Assert.Equal(2, Run("sample").Exit);
    }

    [Theory]
    [InlineData("sample", "--model", "")]
    [InlineData("eval", "--model", " ")]
    [InlineData("eval", "--corpus", "")]
    [InlineData("train", "--corpus", "")]
    [InlineData("train", "--out", "")]
    [InlineData("train", "--metrics", "")]
    [InlineData("train", "--metrics", "\t")]
    public void Empty_or_blank_paths_are_usage_errors(string command, string option, string value)
    {
        var options = command switch
        {
            "sample" => new Dictionary<string, string> { ["--model"] = trained.Model },
            "eval" => new() { ["--model"] = trained.Model, ["--corpus"] = trained.Corpus },
            _ => new() { ["--corpus"] = trained.Corpus, ["--out"] = trained.Files.PathOf("unused.charrnn") },
        };
        options[option] = value;
        string[] args = [command, .. options.SelectMany(pair => new[] { pair.Key, pair.Value })];
        Assert.Contains($"{option} is empty or blank; it must be a file path", AssertFails(args));
        Assert.Equal(2, Run(args).Exit);
        Assert.False(File.Exists(trained.Files.PathOf("unused.charrnn")));
    }

    [Fact]
    public void Train_refuses_to_write_the_model_or_the_metrics_over_its_corpus_or_each_other()
    {
        TestFiles files = trained.Files;
        string corpus = files.Write("precious.txt", TestFiles.PatternText);
        string sameCorpus = Path.Combine(files.Root, ".", "precious.txt"); // another spelling of the same file
        string model = files.PathOf("own.charrnn");
        Assert.Contains($"--out '{sameCorpus}' is the same file as --corpus '{corpus}'; give --out a path of its own",
            AssertFails("train", "--corpus", corpus, "--out", sameCorpus));
        Assert.Contains($"--metrics '{sameCorpus}' is the same file as --corpus",
            AssertFails("train", "--corpus", corpus, "--out", model, "--metrics", sameCorpus));
        Assert.Contains($"--metrics '{model}' is the same file as --out",
            AssertFails("train", "--corpus", corpus, "--out", Path.Combine(files.Root, "..", Path.GetFileName(files.Root), "own.charrnn"),
                "--metrics", model));
        Assert.Equal(TestFiles.PatternText, File.ReadAllText(corpus));
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void Train_resumes_through_the_command_line_with_nothing_on_stdout()
    {
        TestFiles files = trained.Files;
        string model = files.PathOf("resumed.charrnn"), checkpoint = files.PathOf("resumed.ckpt"), plot = files.PathOf("resumed.svg");
        string[] common = ["train", "--corpus", trained.Corpus, "--out", model, "--checkpoint", checkpoint, "--batch-size", "4",
            "--seq-length", "16", "--sample-every", "0", "--clip-mode", "norm", "--lr-decay", "0.9", "--lr-decay-after", "0", "--plot", plot];
        (int exit, string output, string error) = Run([.. common, "--hidden", "8", "--max-steps", "10"]);
        Assert.Equal((0, ""), (exit, output));
        Assert.Contains("checkpoint " + checkpoint, error);

        (exit, output, error) = Run([.. common, "--hidden", "8", "--max-steps", "20", "--resume", checkpoint]);
        Assert.Equal((0, ""), (exit, output));
        Assert.Contains($"resumed from {checkpoint}: epoch 1, step 10", error);
        Assert.Contains("epoch 1 step 20:", error);

        Assert.Contains("--resume '" + checkpoint + "': it was made with --hidden 8, but this run has --hidden 9",
            AssertFails([.. common, "--hidden", "9", "--resume", checkpoint]));
    }

    [Fact]
    public void Train_refuses_a_checkpoint_or_plot_path_that_another_option_names()
    {
        TestFiles files = trained.Files;
        string model = files.PathOf("own2.charrnn");
        Assert.Contains($"--checkpoint '{model}' is the same file as --out '{model}'",
            AssertFails("train", "--corpus", trained.Corpus, "--out", model, "--checkpoint", model));
        string plot = files.PathOf("p.svg");
        Assert.Contains($"--plot '{plot}' is the same file as --checkpoint '{plot}'",
            AssertFails("train", "--corpus", trained.Corpus, "--out", model, "--checkpoint", plot, "--plot", plot));
        string corpus = files.Write("text.ckpt", TestFiles.PatternText);
        Assert.Contains($"--checkpoint (the --out path + .ckpt) '{corpus}' is the same file as --corpus '{corpus}'",
            AssertFails("train", "--corpus", corpus, "--out", files.PathOf("text")));
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void An_unwritable_out_or_metrics_is_refused_before_training()
    {
        TestFiles files = trained.Files;
        // A path below a regular file can be created by nobody, root included (tests may run as root).
        string underFile = Path.Combine(trained.Corpus, "m.charrnn");
        string model = files.PathOf("never.charrnn");
        Assert.Contains($"--out '{underFile}': cannot write the model there: ",
            AssertFails("train", "--corpus", trained.Corpus, "--out", underFile));
        Assert.Contains($"--metrics '{underFile}': cannot write the metrics: ",
            AssertFails("train", "--corpus", trained.Corpus, "--out", model, "--metrics", underFile));
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void A_model_beyond_the_file_format_limits_is_refused_before_training()
    {
        TestFiles files = trained.Files;
        string model = files.PathOf("huge.charrnn");
        Assert.Contains("weights, more than the limit of 67108864; lower --hidden or --layers",
            AssertFails("train", "--corpus", trained.Corpus, "--out", model, "--hidden", "4096", "--layers", "3", "--max-steps", "1"));

        // 65537 distinct characters: printable scalar values from the space on, without C1 controls and surrogates.
        IEnumerable<int> scalars = Enumerable.Range(' ', 0x20000).Where(scalar => scalar is (< 0x7F or > 0x9F) and (< 0xD800 or > 0xDFFF));
        string wide = files.Write("wide.txt", string.Concat(scalars.Take(65537).Select(scalar => new Rune(scalar).ToString())));
        Assert.Contains("the vocabulary has 65537 characters; it must have 1 to 65536",
            AssertFails("train", "--corpus", wide, "--out", model, "--hidden", "8", "--batch-size", "1", "--seq-length", "1", "--max-steps", "1"));
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void Sample_rejects_bad_models()
    {
        TestFiles files = trained.Files;
        string text = File.ReadAllText(trained.Model);
        Assert.Contains("does not exist", AssertFails("sample", "--model", files.PathOf("missing.charrnn")));
        Assert.Contains("truncated.charrnn", AssertFails("sample", "--model", files.Write("truncated.charrnn", text[..(text.Length / 2)])));
        int data = text.IndexOf("\ndata\n", StringComparison.Ordinal) + 6;
        string edited = text[..data] + (text[data] == 'A' ? 'B' : 'A') + text[(data + 1)..];
        Assert.Contains("checksum", AssertFails("sample", "--model", files.Write("edited.charrnn", edited)));
        AssertFails("sample", "--model", files.Write("binary.charrnn", [0, 1, 2, 3]));
    }

    [Theory]
    [InlineData("--temperature", "0", "--temperature is 0; it must be a number greater than 0")]
    [InlineData("--temperature", "-1", "--temperature is -1")]
    [InlineData("--length", "-1", "--length is -1; it must be at least 0")]
    [InlineData("--top-k", "-2", "--top-k is -2")]
    [InlineData("--prime", "Zebra", "'Z' (U+005A) at index 0 is not in the model's vocabulary")]
    public void Sample_rejects_bad_options(string option, string value, string message) =>
        Assert.Contains(message, AssertFails("sample", "--model", trained.Model, option, value));

    [Fact]
    public void Eval_rejects_characters_outside_the_vocabulary_and_says_how_to_fix_it() =>
        Assert.Contains("'Q' (U+0051) at character 3, which is not in the model's vocabulary; evaluate on text drawn from the model's characters, or retrain on a corpus that has it",
            AssertFails("eval", "--model", trained.Model, "--corpus", trained.Files.Write("other.txt", "theQ cat")));
}
