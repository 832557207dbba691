using CharRnn.Training.Commands;

namespace CharRnn.Trainer.Tests;

/// <summary><c>charrnn quantize</c>, <c>train --quantize</c>, and sampling the int8 models they write.</summary>
public class QuantizeCommandTests(TrainedModel trained) : IClassFixture<TrainedModel>
{
    private string Quantized(string name)
    {
        string path = trained.Files.PathOf(name);
        Assert.Equal(0, CliTests.Run("quantize", "--model", trained.Model, "--out", path).Exit);
        return path;
    }

    [Fact]
    public void Quantize_writes_the_int8_model_and_says_what_it_wrote_on_one_line()
    {
        string path = trained.Files.PathOf("q.charrnn");
        (int exit, string output, string error) = CliTests.Run("quantize", "--model", trained.Model, "--out", path);

        Assert.Equal(0, exit);
        Assert.Equal("", output);
        long before = new FileInfo(trained.Model).Length, after = new FileInfo(path).Length;
        // Hidden 16 over 21 characters: Wxh 16x21, Whh 16x16 and Why 21x16 have 928 weights in 53 rows; bh and by 37 biases.
        Assert.Equal($"wrote {path}: 928 int8 weights with 53 float32 row scales and 37 float32 biases; {before} bytes as float32, {after} as int8\n", error);
        Assert.True(after < before / 2, $"{after} bytes of int8 against {before} of float32");

        ModelFile float32 = ModelFiles.Load(trained.Model), int8 = ModelFiles.Load(path);
        Assert.Equal(WeightFormat.Int8, int8.WeightFormat);
        Assert.Equal(float32.QuantizeInt8().Weights.ToArray(), int8.Weights.ToArray());
        Assert.Equal(float32.Facts, int8.Facts);
    }

    [Fact]
    public void Quantize_refuses_an_int8_model_and_says_to_quantize_the_float_one() =>
        Assert.Equal($"charrnn: error: --model '{Quantized("twice.charrnn")}' is already an int8 model; quantize the float32 model it was made from\n",
            CliTests.AssertFails("quantize", "--model", trained.Files.PathOf("twice.charrnn"), "--out", trained.Files.PathOf("thrice.charrnn")));

    [Fact]
    public void Quantize_refuses_to_write_over_its_own_model_and_leaves_it_alone()
    {
        byte[] before = File.ReadAllBytes(trained.Model);
        string sameFile = Path.Combine(Path.GetDirectoryName(trained.Model)!, ".", Path.GetFileName(trained.Model));
        Assert.Contains("is the model file itself; give the int8 model a file name of its own",
            CliTests.AssertFails("quantize", "--model", trained.Model, "--out", sameFile));
        Assert.Equal(before, File.ReadAllBytes(trained.Model));
    }

    [Fact]
    public void Quantize_names_a_missing_option() =>
        Assert.Contains("--out", CliTests.AssertFails("quantize", "--model", trained.Model));

    [Fact]
    public void Sampling_an_int8_model_prints_the_prime_and_length_characters_and_repeats_with_its_seed()
    {
        string model = Quantized("sampled.int8.charrnn");
        string Sample(string seed) => CliTests.Run("sample", "--model", model, "--prime", "the ", "--length", "120", "--seed", seed).Output;

        string text = Sample("5");
        Assert.StartsWith("the ", text);
        Assert.Equal(4 + 120, text.EnumerateRunes().Count());
        Assert.Equal(text, Sample("5"));
        Assert.NotEqual(text, Sample("6"));
        Assert.Equal(0, CliTests.Run("sample", "--model", model, "--greedy", "--length", "30").Exit);
    }

    [Theory]
    [InlineData("m.charrnn", "m.int8.charrnn")]
    [InlineData("runs/M.CharRnn", "runs/M.int8.charrnn")]
    [InlineData("model", "model.int8.charrnn")]
    [InlineData("model.bin", "model.bin.int8.charrnn")]
    public void Train_quantize_writes_beside_out_with_int8_before_the_extension(string output, string expected) =>
        Assert.Equal(expected, TrainCommand.Int8Path(output));

    [Fact]
    public void Train_quantize_also_writes_the_int8_model_the_quantize_command_would()
    {
        string model = trained.Files.PathOf("both.charrnn"), int8 = trained.Files.PathOf("both.int8.charrnn");
        (int exit, _, string error) = CliTests.Run("train", "--corpus", trained.Corpus, "--out", model, "--hidden", "8",
            "--batch-size", "4", "--seq-length", "16", "--max-steps", "20", "--sample-every", "0", "--quantize");

        Assert.Equal(0, exit);
        Assert.Contains($"\nint8 model written to {int8}: ", error);
        Assert.Equal(WeightFormat.Float32, ModelFiles.Load(model).WeightFormat);
        string requantized = trained.Files.PathOf("both-again.charrnn");
        Assert.Equal(0, CliTests.Run("quantize", "--model", model, "--out", requantized).Exit);
        Assert.Equal(File.ReadAllBytes(requantized), File.ReadAllBytes(int8));
    }

    [Fact]
    public void Train_quantize_refuses_an_int8_path_that_is_another_file_of_the_run()
    {
        string corpus = trained.Files.Write("clash.int8.charrnn", TestFiles.PatternText);
        Assert.Contains("--quantize (the --out path as .int8.charrnn) '", CliTests.AssertFails(
            "train", "--corpus", corpus, "--out", trained.Files.PathOf("clash.charrnn"), "--quantize"));
    }
}
