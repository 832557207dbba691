using CharRnn.Tests;
using CharRnn.Training;
using CharRnn.Training.Cells;
using CharRnn.Training.Commands;
using CharRnn.Training.Corpus;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// <c>charrnn eval</c> of an int8 model runs Runtime's inference one character at a time: on a float32 model that
/// path gives the trainer's figure, streams and warm-up included, and on the int8 copy of a trained model a figure
/// close to the float one.
/// </summary>
public class InferenceEvaluationTests(TrainedModel trained) : IClassFixture<TrainedModel>
{
    private const int Hidden = 10;

    public static TheoryData<CellType, int> CellsAndLayers => EveryCell.WithLayers(1, 2);

    private static readonly string Text = TestFiles.PatternText[..900];

    [Theory]
    [MemberData(nameof(CellsAndLayers))]
    public void On_a_float_model_the_inference_path_gives_the_trainers_loss(CellType cell, int layers)
    {
        int[] scalars = Scalars(Text);
        int[] vocabulary = [.. scalars.Distinct().Order()];
        var network = new RnnNetwork<float>(cell, vocabulary.Length, Hidden, layers);
        network.Initialize(seed: 3);
        ModelFile model = network.ToModelFile(network.Parameters, vocabulary, TrainingFacts.None);
        int[] ids = TextCorpus.Encode(scalars, vocabulary, "text");

        foreach ((int streams, int warmup) in new[] { (1, 0), (3, 0), (3, 40), (7, 1000) })
        {
            var layout = new StreamLayout(ids, streams);
            double trainer = EvalCommand.Loss(model, layout, warmup);
            double inference = InferenceEvaluation.Loss(model, layout, warmup);
            Assert.True(Math.Abs(trainer - inference) < 1e-4,
                $"{streams} streams, warm-up {warmup}: trainer {trainer:R}, inference {inference:R}");
        }
    }

    [Fact]
    public void The_int8_copy_of_a_trained_model_evaluates_close_to_the_float_one()
    {
        ModelFile model = ModelFiles.Load(trained.Model);
        ModelFile int8 = model.QuantizeInt8();
        var layout = new StreamLayout(TextCorpus.Encode(Scalars(TestFiles.PatternText), model.Vocabulary.AsSpan(), "pattern"), 4);

        double float32 = EvalCommand.Loss(model, layout, warmup: 0);
        double quantized = EvalCommand.Loss(int8, layout, warmup: 0);
        Assert.True(double.IsFinite(quantized));
        Assert.InRange(quantized, float32 - 0.05, float32 + 0.05);
        // Int8 inference rounds each dense input to int8, so it is not the float network on the int8 weights.
        var dequantized = new ModelFile(int8.Cell, int8.Layers, int8.HiddenSize, int8.Vocabulary.AsSpan(), int8.Weights.AsSpan(), int8.Facts);
        Assert.NotEqual(EvalCommand.Loss(dequantized, layout, warmup: 0), quantized);
    }

    [Fact]
    public void Eval_prints_the_loss_of_an_int8_model()
    {
        string int8 = trained.Files.PathOf("eval.int8.charrnn");
        Assert.Equal(0, CliTests.Run("quantize", "--model", trained.Model, "--out", int8).Exit);
        (int exit, string output, string error) = CliTests.Run("eval", "--model", int8, "--corpus", trained.Corpus, "--streams", "3");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Matches(@"^\d+\.\d{4} nats/char, \d+\.\d{4} bits/char over \d+ predicted characters\n$", output);
    }

    private static int[] Scalars(string text) => [.. text.EnumerateRunes().Select(rune => rune.Value)];
}
