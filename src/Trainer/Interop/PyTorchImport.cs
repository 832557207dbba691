using CharRnn.Cells;
using CharRnn.ModelFormat;

namespace CharRnn.Training.Interop;

/// <summary>
/// Turns a PyTorch character model's state dict (an optional nn.Embedding, nn.RNN(tanh)/nn.LSTM/nn.GRU, an
/// nn.Linear readout) and its vocabulary into a CharRnn model with the same logits (docs/interop.md). Gate orders
/// already agree (LSTM i|f|g|o, GRU r|z|n with the reset after the recurrent product), so matrices copy over; the
/// two bias vectors PyTorch keeps per layer fold into CharRnn's one, except the GRU's b_hn, which stays inside the
/// reset product as bhn. CharRnn's vocabulary is sorted by code point, so ids are renumbered on the way.
/// </summary>
internal static class PyTorchImport
{
    /// <summary>Builds the model; <paramref name="cell"/>, when given, must agree with the gate count of the weights.</summary>
    /// <exception cref="ImportException">A shape disagrees with another or with the vocabulary; the message names the tensor.</exception>
    /// <exception cref="ModelFormatException">The model breaks a limit of the model format.</exception>
    public static ModelFile ToModel(StateDictLayout layout, int[] vocabulary, CellType? cell, TrainingFacts facts)
    {
        RecurrentLayerTensors first = layout.Layers[0];
        long hidden = first.HiddenWeights.Shape[1];
        CellType inferred = CellFromGates(first.HiddenWeights);
        if (cell is { } given && given != inferred)
        {
            throw new ImportException($"--cell is {CellCatalog.Name(given)}, but '{first.HiddenWeights.Name}' {first.HiddenWeights.ShapeText} holds the gates of {CellCatalog.Name(inferred)}");
        }

        CellDescription description = CellCatalog.For(inferred);
        long gateRows = description.GateRows((int)hidden);
        long vocabularySize = vocabulary.Length;
        long inputSize = layout.Embedding?.Shape[1] ?? vocabularySize;
        if (layout.Embedding is { } embedding)
        {
            RequireShape(embedding, vocabularySize, embedding.Shape[1], $"the embedding has one row per character of the vocabulary ({vocabularySize})");
        }

        for (int k = 0; k < layout.Layers.Count; k++)
        {
            RecurrentLayerTensors layer = layout.Layers[k];
            string hiddenRule = $"layer 0 has hidden size {hidden} and {description.GateCount} gate block(s)";
            RequireShape(layer.HiddenWeights, gateRows, hidden, hiddenRule);
            RequireShape(layer.InputWeights, gateRows, k == 0 ? inputSize : hidden, k > 0 ? hiddenRule
                : layout.Embedding is { } e ? $"layer 0 reads the embedding '{e.Name}' {e.ShapeText}"
                : $"without an embedding, layer 0 reads one column per character of the vocabulary ({vocabularySize})");
            foreach (SafetensorsTensor? bias in new[] { layer.InputBias, layer.HiddenBias })
            {
                RequireShape(bias, gateRows, null, hiddenRule);
            }
        }

        RequireShape(layout.ReadoutWeight, vocabularySize, hidden, $"the readout maps hidden size {hidden} to one logit per character of the vocabulary ({vocabularySize})");
        RequireShape(layout.ReadoutBias, vocabularySize, null, $"the readout has one logit per character of the vocabulary ({vocabularySize})");
        ModelSchema.CheckShape(inferred, layout.Layers.Count, (int)hidden, vocabulary.Length);
        return Assemble(layout, description, (int)hidden, vocabulary, facts);
    }

    private static CellType CellFromGates(SafetensorsTensor hiddenWeights)
    {
        long rows = hiddenWeights.Shape[0], columns = hiddenWeights.Shape[1];
        foreach (CellDescription description in CellCatalog.All)
        {
            if (columns > 0 && rows == description.GateCount * columns)
            {
                return description.Type;
            }
        }

        throw new ImportException($"tensor '{hiddenWeights.Name}' is {hiddenWeights.ShapeText}: its rows must be 1 (nn.RNN), 4 (nn.LSTM) or 3 (nn.GRU) times its columns, the hidden size");
    }

    private static void RequireShape(SafetensorsTensor? tensor, long rows, long? columns, string rule)
    {
        if (tensor is null)
        {
            return;
        }

        long[] expected = columns is { } c ? [rows, c] : [rows];
        if (!tensor.Shape.SequenceEqual(expected))
        {
            throw new ImportException($"tensor '{tensor.Name}' is {tensor.ShapeText}, not [{string.Join(", ", expected)}]: {rule}");
        }
    }

    private static ModelFile Assemble(StateDictLayout layout, CellDescription description, int hidden, int[] vocabulary, TrainingFacts facts)
    {
        // CharRnn id j is the j-th character in code-point order; PyTorch's id of it is torchIds[j].
        int[] torchIds = [.. Enumerable.Range(0, vocabulary.Length).OrderBy(id => vocabulary[id])];
        int[] sorted = [.. torchIds.Select(id => vocabulary[id])];
        IReadOnlyList<TensorInfo> tensors = ModelSchema.ExpectedTensors(description.Type, layout.Layers.Count, hidden, vocabulary.Length);
        var weights = new float[ModelSchema.ParameterCount(description.Type, layout.Layers.Count, hidden, vocabulary.Length)];
        Span<float> Slot(string name) => weights.AsSpan(tensors.Single(t => t.Name == name).Offset, tensors.Single(t => t.Name == name).Length);

        for (int k = 0; k < layout.Layers.Count; k++)
        {
            RecurrentLayerTensors layer = layout.Layers[k];
            float[] inputWeights = layer.InputWeights.Float32s();
            if (k > 0)
            {
                inputWeights.CopyTo(Slot(ModelSchema.LayerTensor(k, "Wxh")));
            }
            else if (layout.Embedding is { } embedding)
            {
                FoldEmbedding(inputWeights, embedding.Float32s(), (int)embedding.Shape[1], torchIds, Slot(ModelSchema.LayerTensor(0, "Wxh")));
            }
            else
            {
                PermuteColumns(inputWeights, torchIds, Slot(ModelSchema.LayerTensor(0, "Wxh")));
            }

            layer.HiddenWeights.Float32s().CopyTo(Slot(ModelSchema.LayerTensor(k, "Whh")));
            Span<float> bh = Slot(ModelSchema.LayerTensor(k, "bh"));
            Span<float> bhn = description.ExtraBiases.Count > 0 ? Slot(ModelSchema.LayerTensor(k, description.ExtraBiases[0])) : [];
            FoldBiases(layer.InputBias?.Float32s(), layer.HiddenBias?.Float32s(), bh, bhn);
        }

        float[] readout = layout.ReadoutWeight.Float32s(), readoutBias = layout.ReadoutBias.Float32s();
        Span<float> why = Slot("Why"), by = Slot("by");
        for (int j = 0; j < torchIds.Length; j++)
        {
            readout.AsSpan(torchIds[j] * hidden, hidden).CopyTo(why.Slice(j * hidden, hidden));
            by[j] = readoutBias[torchIds[j]];
        }

        return new ModelFile(description.Type, layout.Layers.Count, hidden, sorted, weights, facts);
    }

    /// <summary>
    /// <c>bh = b_ih + b_hh</c>, block by block; for the GRU (when <paramref name="bhn"/> is not empty) the n block of
    /// <c>b_hh</c> is multiplied by the reset gate, so it goes to <c>bhn</c> instead. Absent biases (bias=False) are zeros.
    /// </summary>
    private static void FoldBiases(float[]? inputBias, float[]? hiddenBias, Span<float> bh, Span<float> bhn)
    {
        if (inputBias is null || hiddenBias is null)
        {
            return;
        }

        int summed = bh.Length - bhn.Length;
        for (int i = 0; i < bh.Length; i++)
        {
            bh[i] = i < summed ? inputBias[i] + hiddenBias[i] : inputBias[i];
        }

        hiddenBias.AsSpan(summed).CopyTo(bhn);
    }

    /// <summary>Column j of <paramref name="target"/> is column <c>torchIds[j]</c> of the one-hot input weights.</summary>
    private static void PermuteColumns(float[] inputWeights, int[] torchIds, Span<float> target)
    {
        int columns = torchIds.Length, rows = target.Length / columns;
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                target[r * columns + j] = inputWeights[r * columns + torchIds[j]];
            }
        }
    }

    /// <summary>
    /// Layer 0 of CharRnn takes a character id, and <c>W_ih·E[id]</c> is what PyTorch's layer 0 sees for it: column j
    /// of Wxh is that product for j's character, summed in double and rounded once.
    /// </summary>
    private static void FoldEmbedding(float[] inputWeights, float[] embedding, int width, int[] torchIds, Span<float> target)
    {
        int columns = torchIds.Length, rows = target.Length / columns;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> weightRow = inputWeights.AsSpan(r * width, width);
            for (int j = 0; j < columns; j++)
            {
                ReadOnlySpan<float> vector = embedding.AsSpan(torchIds[j] * width, width);
                double sum = 0;
                for (int e = 0; e < width; e++)
                {
                    sum += (double)weightRow[e] * vector[e];
                }

                target[r * columns + j] = (float)sum;
            }
        }
    }
}
