using System.Globalization;
using System.Text;
using System.Text.Json;
using CharRnn.Cells;
using CharRnn.ModelFormat;
using CharRnn.Training.Export.Onnx;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// <c>charrnn export --format onnx</c>: each cell with 1–4 layers run by ONNX Runtime against CharRnn's float path
/// step by step, a model trained by <c>charrnn train</c> giving the same greedy text, and the graph's names, shapes and
/// vocabulary as a user's runtime sees them.
/// </summary>
public sealed class OnnxExportTests(TrainedModel trained, ITestOutputHelper log) : IClassFixture<TrainedModel>, IDisposable
{
    private const float Tolerance = 1e-5f;
    private const int Steps = 1000;
    private readonly TestFiles _files = new();

    public static TheoryData<CellType, int> CellsAndLayers => EveryCell.WithLayers(1, 2, 3, 4);

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// Random weights whose recurrence contracts (the matrices' entries within ±1.5/√fan-in), so the two runtimes'
    /// last-bit differences fade rather than grow; random biases, so bh and the GRU's bhn count; a readout wide
    /// enough that the greedy choice is rarely a near tie.
    /// </summary>
    private static ModelFile RandomModel(CellType cell, int layers, int hiddenSize, int[] vocabulary, int seed)
    {
        var random = new Random(seed);
        var weights = new float[ModelSchema.ParameterCount(cell, layers, hiddenSize, vocabulary.Length)];
        foreach (TensorInfo tensor in ModelSchema.ExpectedTensors(cell, layers, hiddenSize, vocabulary.Length))
        {
            float bound = tensor.IsVector ? 0.5f : tensor.Name == "Why" ? 4f / MathF.Sqrt(hiddenSize)
                : tensor.Name == "layer0.Wxh" ? 2f : 1.5f / MathF.Sqrt(tensor.Columns);
            for (int i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
            {
                weights[i] = (float)((random.NextDouble() * 2) - 1) * bound;
            }
        }

        return new ModelFile(cell, layers, hiddenSize, vocabulary, weights, TrainingFacts.None);
    }

    private string Export(string modelPath)
    {
        string outPath = _files.PathOf(Path.GetFileNameWithoutExtension(modelPath) + ".onnx");
        (int exit, string output, string error) = CliTests.Run("export", "--model", modelPath, "--format", "onnx", "--out", outPath);
        Assert.True(exit == 0, error);
        Assert.Equal("", output);
        Assert.StartsWith("wrote " + outPath + ": one sampling step as ONNX (IR 8, opset 17)", error);
        return outPath;
    }

    private static OnnxStepRunner Runner(string onnxPath, ModelFile model) =>
        new(onnxPath, model.Layers, model.HiddenSize, CellCatalog.For(model.Cell).HasCellState);

    /// <summary>The greedy choice: the first largest logit, as CharRnn's sampler takes it.</summary>
    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            best = logits[i] > logits[best] ? i : best;
        }

        return best;
    }

    [Theory]
    [MemberData(nameof(CellsAndLayers))]
    public void Onnx_runtime_gives_CharRnns_logits_over_a_prompt_and_1000_greedy_steps(CellType cell, int layers)
    {
        int[] vocabulary = [.. Enumerable.Range('a', 23)];
        ModelFile model = RandomModel(cell, layers, hiddenSize: 13, vocabulary, seed: (10 * layers) + (int)cell);
        string modelPath = _files.PathOf($"{CellCatalog.Name(cell)}-{layers}.charrnn");
        ModelFiles.Save(modelPath, model);
        using OnnxStepRunner onnx = Runner(Export(modelPath), model);

        var ours = new DynamicModel(model);
        var state = ours.CreateState();
        var logits = new float[vocabulary.Length];
        var greedy = new StringBuilder();
        float largest = 0;
        // First a prompt of random characters, which drives the state where greedy sampling alone would not (a random
        // model's greedy text soon repeats a few characters); then CharRnn's greedy choice, fed to both.
        var prompt = new Random(layers);
        int id = prompt.Next(vocabulary.Length);
        for (int step = 0; step < 2 * Steps; step++)
        {
            ours.Step(id, state);
            ours.Output(state, logits);
            float[] theirs = onnx.Step(id);
            for (int i = 0; i < logits.Length; i++)
            {
                float difference = Math.Abs(theirs[i] - logits[i]);
                Assert.True(difference <= Tolerance, string.Create(CultureInfo.InvariantCulture,
                    $"step {step}: logits[{i}] is {theirs[i]:R} in ONNX Runtime, {logits[i]:R} in CharRnn"));
                largest = Math.Max(largest, difference);
            }

            if (step < Steps)
            {
                id = prompt.Next(vocabulary.Length);
                continue;
            }

            // ONNX Runtime must make CharRnn's greedy choice at every step: the same greedy text.
            id = ArgMax(logits);
            Assert.Equal(id, ArgMax(theirs));
            greedy.Append((char)vocabulary[id]);
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"largest logit difference {largest:R}; greedy text starts {greedy.ToString()[..60]}"));
    }

    [Fact]
    public void A_model_trained_by_charrnn_gives_the_same_greedy_text_in_onnx_runtime()
    {
        ModelFile model = ModelFiles.Load(trained.Model);
        using OnnxStepRunner onnx = Runner(Export(trained.Model), model);

        DynamicSession session = new DynamicModel(model).CreateSession(new SamplingOptions { Greedy = true });
        var ours = new StringBuilder();
        for (int step = 0; step < Steps; step++)
        {
            ours.Append(session.Next().ToString());
        }

        // From the zero state the logits are by; after that each step's come from the graph, fed its own choice.
        var theirs = new StringBuilder();
        int id = ArgMax(model.TensorData("by"));
        for (int step = 0; step < Steps; step++)
        {
            theirs.Append(char.ConvertFromUtf32(model.Vocabulary[id]));
            id = ArgMax(onnx.Step(id));
        }

        Assert.Equal(ours.ToString(), theirs.ToString());
        Assert.True(ours.ToString().Distinct().Count() > 3, "the trained model's greedy text is degenerate: " + ours);
    }

    [Fact]
    public void The_graph_declares_its_inputs_outputs_and_vocabulary_for_a_users_runtime()
    {
        int[] vocabulary = ['\n', ' ', 'a', 'é', 0x1F600];
        ModelFile model = RandomModel(CellType.Lstm, 2, 6, vocabulary, seed: 1);
        string modelPath = _files.PathOf("lstm.charrnn");
        ModelFiles.Save(modelPath, model);
        using OnnxStepRunner onnx = Runner(Export(modelPath), model);
        InferenceSession session = onnx.Session;

        Assert.Equal(["id", "h0", "h1", "c0", "c1"], session.InputNames);
        Assert.Equal(["logits", "h0_next", "h1_next", "c0_next", "c1_next"], session.OutputNames);
        Assert.Equal(typeof(long), session.InputMetadata["id"].ElementType);
        Assert.Equal([1], session.InputMetadata["id"].Dimensions);
        Assert.All(session.InputNames.Skip(1), name => Assert.Equal([1, 6], session.InputMetadata[name].Dimensions));
        Assert.Equal([1, vocabulary.Length], session.OutputMetadata["logits"].Dimensions);
        Assert.All(session.OutputNames.Skip(1), name => Assert.Equal([1, 6], session.OutputMetadata[name].Dimensions));

        ModelMetadata metadata = session.ModelMetadata;
        Assert.Equal("charrnn", metadata.ProducerName);
        Assert.Equal(["\n", " ", "a", "é", "😀"], JsonSerializer.Deserialize<string[]>(metadata.CustomMetadataMap["charrnn.vocabulary"])!);
        Assert.Equal(("lstm", "2", "6"),
            (metadata.CustomMetadataMap["charrnn.cell"], metadata.CustomMetadataMap["charrnn.layers"], metadata.CustomMetadataMap["charrnn.hidden_size"]));
    }

    [Fact]
    public void Exporting_twice_gives_the_same_bytes()
    {
        string modelPath = _files.PathOf("gru.charrnn");
        ModelFiles.Save(modelPath, RandomModel(CellType.Gru, 2, 5, ['x', 'y', 'z'], seed: 2));
        byte[] first = File.ReadAllBytes(Export(modelPath));
        Assert.Equal(first, File.ReadAllBytes(Export(modelPath)));
        Assert.Equal(first, OnnxStepGraph.Build(ModelFiles.Load(modelPath)));
    }
}
