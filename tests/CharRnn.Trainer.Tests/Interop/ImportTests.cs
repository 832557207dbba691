using CharRnn.Cells;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Trainer.Tests.Interop;

/// <summary><c>charrnn import</c> on state dicts written from CharRnn models: every weight comes back bit for bit.</summary>
public sealed class ImportTests : IDisposable
{
    private static readonly int[] Vocabulary = ['\n', ' ', 'a', 'b', 'é', 0x4E2D, 0x1F600];

    // PyTorch numbers the characters in another order than CharRnn's code-point order.
    private static readonly int[] TorchOrder = [3, 0, 6, 2, 5, 1, 4];

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Imports <paramref name="stateDict"/> through the CLI and loads what it wrote.</summary>
    internal static ModelFile Import(TestFiles files, StateDictFile stateDict, string vocabularyJson, params string[] extra)
    {
        string statePath = files.Write("model.safetensors", stateDict.Encode());
        string vocabPath = files.Write("vocab.json", vocabularyJson);
        string outPath = files.PathOf("imported.charrnn");
        (int exit, string output, string error) = CliTests.Run(["import", "--state-dict", statePath, "--vocab", vocabPath, "--out", outPath, .. extra]);
        Assert.True(exit == 0, error);
        Assert.Equal("", output);
        Assert.StartsWith("wrote " + outPath + ": ", error);
        return ModelFiles.Load(outPath);
    }

    private static void AssertSameWeights(ModelFile expected, ModelFile actual)
    {
        Assert.Equal((expected.Cell, expected.Layers, expected.HiddenSize), (actual.Cell, actual.Layers, actual.HiddenSize));
        Assert.Equal(expected.Vocabulary.ToArray(), actual.Vocabulary.ToArray());
        Assert.Equal(expected.Weights.Select(BitConverter.SingleToInt32Bits), actual.Weights.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [MemberData(nameof(EveryCellAndLayers))]
    public void A_state_dict_of_every_cell_and_layer_count_imports_bit_for_bit(CellType cell, int layers)
    {
        ModelFile model = PyTorchStateDict.RandomModel(cell, layers, 5, Vocabulary);
        ModelFile imported = Import(_files, PyTorchStateDict.From(model, TorchOrder), PyTorchStateDict.VocabularyJson(model, TorchOrder));
        AssertSameWeights(model, imported);
        Assert.Equal("imported from model.safetensors", imported.Facts.Corpus);
        Assert.Equal(0, imported.Facts.CharactersSeen);
        Assert.True(double.IsNaN(imported.Facts.TrainLoss) && double.IsNaN(imported.Facts.ValidationLoss));
    }

    public static TheoryData<CellType, int> EveryCellAndLayers => EveryCell.WithLayers(1, 2, 3, 4);

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void An_embedding_folds_into_the_first_layers_input_weights(CellType cell)
    {
        ModelFile model = PyTorchStateDict.RandomModel(cell, 2, 4, Vocabulary);
        StateDictFile stateDict = PyTorchStateDict.From(model, TorchOrder, embedding: true, prefix: "encoder.lstm_stack.");
        ModelFile imported = Import(_files, stateDict, PyTorchStateDict.VocabularyJson(model, TorchOrder), "--cell", CellCatalogName(cell));
        AssertSameWeights(model, imported);
    }

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Gru)]
    public void Absent_biases_are_zeros(CellType cell)
    {
        ModelFile model = PyTorchStateDict.RandomModel(cell, 3, 4, Vocabulary, bias: false);
        StateDictFile stateDict = PyTorchStateDict.From(model, TorchOrder, bias: false);
        Assert.DoesNotContain(stateDict.Entries, entry => entry.Name.Contains("bias_", StringComparison.Ordinal));
        AssertSameWeights(model, Import(_files, stateDict, PyTorchStateDict.VocabularyJson(model, TorchOrder)));
    }

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void The_two_biases_are_summed_except_the_grus_recurrent_n_bias_which_becomes_bhn(CellType cell)
    {
        const int hidden = 2;
        ModelFile model = PyTorchStateDict.RandomModel(cell, 1, hidden, Vocabulary);
        StateDictFile stateDict = PyTorchStateDict.From(model, TorchOrder);
        int rows = (int)stateDict["rnn.bias_ih_l0"].Shape[0];
        float[] inputBias = [.. Enumerable.Range(1, rows).Select(i => (float)i)];
        float[] hiddenBias = [.. Enumerable.Range(1, rows).Select(i => 100f * i)];
        stateDict.Remove("rnn.bias_ih_l0").Remove("rnn.bias_hh_l0")
            .AddFloats("rnn.bias_ih_l0", [rows], inputBias).AddFloats("rnn.bias_hh_l0", [rows], hiddenBias);

        ModelFile imported = Import(_files, stateDict, PyTorchStateDict.VocabularyJson(model, TorchOrder));
        int summed = cell == CellType.Gru ? 2 * hidden : rows;
        float[] expectedBh = [.. Enumerable.Range(0, rows).Select(i => i < summed ? inputBias[i] + hiddenBias[i] : inputBias[i])];
        Assert.Equal(expectedBh, imported.TensorData("layer0.bh").ToArray());
        if (cell == CellType.Gru)
        {
            Assert.Equal(hiddenBias[(2 * hidden)..], imported.TensorData("layer0.bhn").ToArray());
        }
    }

    [Fact]
    public void The_imported_model_samples_and_evaluates_like_any_other()
    {
        ModelFile model = PyTorchStateDict.RandomModel(CellType.Lstm, 2, 6, [' ', 'a', 'b', 'c']);
        int[] order = [2, 0, 3, 1];
        Import(_files, PyTorchStateDict.From(model, order, embedding: true), PyTorchStateDict.VocabularyJson(model, order));
        string imported = _files.PathOf("imported.charrnn");
        (int exit, string output, string error) = CliTests.Run("sample", "--model", imported, "--length", "20", "--seed", "1");
        Assert.True(exit == 0, error);
        Assert.Equal(20, output.Length);
        string corpus = _files.Write("text.txt", "abc abc cab bac ");
        (exit, _, error) = CliTests.Run("eval", "--model", imported, "--corpus", corpus);
        Assert.True(exit == 0, error);
    }

    [Theory]
    [MemberData(nameof(EveryCellAndLayers))]
    public void The_imported_model_computes_PyTorchs_equations_with_both_biases_and_an_embedding(CellType cell, int layers)
    {
        // Random embedding and recurrent biases, so the folds are sums and products, not copies.
        const int hidden = 6;
        ModelFile model = PyTorchStateDict.RandomModel(cell, layers, hidden, Vocabulary);
        StateDictFile stateDict = PyTorchStateDict.From(model, TorchOrder, embedding: true);
        var random = new Random(11);
        float[] Noise(int count) => [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5))];
        foreach (StateDictFile.Entry entry in stateDict.Entries.ToArray())
        {
            if (entry.Name == "embedding.weight" || entry.Name.Contains("bias_hh", StringComparison.Ordinal))
            {
                int count = entry.Bytes.Length / 4;
                stateDict.Remove(entry.Name).AddFloats(entry.Name, entry.Shape, Noise(count));
            }
        }

        ModelFile imported = Import(_files, stateDict, PyTorchStateDict.VocabularyJson(model, TorchOrder));
        var torch = new TorchEquations(stateDict, CellCatalog.For(cell).GateCount, layers, hidden);
        var dynamic = new DynamicModel(imported);
        DynamicState state = dynamic.CreateState();
        var logits = new float[Vocabulary.Length];
        int[] torchIdOf = new int[Vocabulary.Length];
        for (int p = 0; p < TorchOrder.Length; p++)
        {
            torchIdOf[TorchOrder[p]] = p;
        }

        var ids = new Random(3);
        for (int step = 0; step < 40; step++)
        {
            int id = ids.Next(Vocabulary.Length);
            double[] expected = torch.Step(torchIdOf[id]);
            dynamic.Step(id, state);
            dynamic.Output(state, logits);
            for (int j = 0; j < logits.Length; j++)
            {
                Assert.True(Math.Abs(logits[j] - expected[torchIdOf[j]]) <= 1e-5,
                    $"step {step}, character {j}: {logits[j]} vs PyTorch's equations {expected[torchIdOf[j]]}");
            }
        }
    }

    private static string CellCatalogName(CellType cell) => cell.ToString().ToLowerInvariant();
}
