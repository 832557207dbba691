using CharRnn.Cells;
using CharRnn.ModelFormat;

namespace CharRnn.Trainer.Tests.Interop;

/// <summary>
/// The inverse of the importer, written from PyTorch's documentation: a CharRnn model as the state dict of
/// <c>embedding (optional) → nn.RNN/nn.LSTM/nn.GRU → head</c>, with PyTorch's ids in <paramref name="torchOrder"/>
/// (the model's ids listed in the order PyTorch numbers their characters). Every weight comes over exactly: the
/// input bias carries <c>bh</c> and the recurrent bias is zero, except the GRU's n block, whose recurrent bias is
/// <c>bhn</c>; an embedding is a one-hot row per character into a wider input, so folding it back is exact.
/// </summary>
internal static class PyTorchStateDict
{
    public static StateDictFile From(ModelFile model, int[] torchOrder, bool embedding = false, bool bias = true, string prefix = "rnn.")
    {
        int hidden = model.HiddenSize, v = model.VocabularySize;
        CellDescription cell = CellCatalog.For(model.Cell);
        int gateRows = cell.GateRows(hidden);
        var file = new StateDictFile();
        // Embedding width v + 1, character p's row one-hot at column (p + 1): layer 0's input weights get a spare
        // column 0 of noise that no character reaches.
        int width = embedding ? v + 1 : v;
        if (embedding)
        {
            var table = new float[v * width];
            for (int p = 0; p < v; p++)
            {
                table[p * width + p + 1] = 1f;
            }

            file.AddFloats("embedding.weight", [v, width], table);
        }

        for (int k = 0; k < model.Layers; k++)
        {
            float[] wxh = model.TensorData(ModelSchema.LayerTensor(k, "Wxh")).ToArray();
            float[] inputWeights = wxh;
            if (k == 0)
            {
                inputWeights = new float[gateRows * width];
                for (int r = 0; r < gateRows; r++)
                {
                    if (embedding)
                    {
                        inputWeights[r * width] = 0.5f + r;
                    }

                    for (int p = 0; p < v; p++)
                    {
                        inputWeights[r * width + p + (embedding ? 1 : 0)] = wxh[r * v + torchOrder[p]];
                    }
                }
            }

            file.AddFloats($"{prefix}weight_ih_l{k}", [gateRows, k == 0 ? width : hidden], inputWeights);
            file.AddFloats($"{prefix}weight_hh_l{k}", [gateRows, hidden], model.TensorData(ModelSchema.LayerTensor(k, "Whh")).ToArray());
            if (bias)
            {
                float[] hiddenBias = new float[gateRows];
                if (model.Cell == CellType.Gru)
                {
                    model.TensorData(ModelSchema.LayerTensor(k, "bhn")).CopyTo(hiddenBias.AsSpan(2 * hidden));
                }

                file.AddFloats($"{prefix}bias_ih_l{k}", [gateRows], model.TensorData(ModelSchema.LayerTensor(k, "bh")).ToArray());
                file.AddFloats($"{prefix}bias_hh_l{k}", [gateRows], hiddenBias);
            }
        }

        float[] why = model.TensorData("Why").ToArray(), by = model.TensorData("by").ToArray();
        file.AddFloats("head.weight", [v, hidden], [.. torchOrder.SelectMany(j => why.AsSpan(j * hidden, hidden).ToArray())]);
        file.AddFloats("head.bias", [v], [.. torchOrder.Select(j => by[j])]);
        return file;
    }

    /// <summary>The vocabulary file for <paramref name="torchOrder"/>: a JSON array of the characters in PyTorch's id order.</summary>
    public static string VocabularyJson(ModelFile model, int[] torchOrder) =>
        System.Text.Json.JsonSerializer.Serialize(torchOrder.Select(j => char.ConvertFromUtf32(model.Vocabulary[j])).ToArray());

    /// <summary>A model with random weights (no −0, so a bias plus a zero keeps its bits) and, optionally, zero biases.</summary>
    public static ModelFile RandomModel(CellType cell, int layers, int hidden, int[] vocabulary, bool bias = true, int seed = 5)
    {
        var random = new Random(seed);
        IReadOnlyList<TensorInfo> tensors = ModelSchema.ExpectedTensors(cell, layers, hidden, vocabulary.Length);
        var weights = new float[ModelSchema.ParameterCount(cell, layers, hidden, vocabulary.Length)];
        foreach (TensorInfo tensor in tensors)
        {
            if (tensor.IsVector && !bias && tensor.Name != "by")
            {
                continue;
            }

            for (int i = 0; i < tensor.Length; i++)
            {
                weights[tensor.Offset + i] = (float)(random.NextDouble() * 2 - 1) + 1e-3f;
            }
        }

        return new ModelFile(cell, layers, hidden, vocabulary, weights, TrainingFacts.None);
    }
}
