using CharRnn.ModelFormat;

namespace CharRnn.Inference;

/// <summary>
/// A model loaded at run time, of any size: what <c>charrnn sample</c> runs. It gives the same characters as the
/// code the generator bakes from the same file, because both call <see cref="RnnForward"/> and <see cref="Sampler"/>.
/// </summary>
public sealed class DynamicModel
{
    private readonly float[][] _wxhT;
    private readonly float[][] _whhT;
    private readonly float[][] _bh;
    private readonly float[] _whyT;
    private readonly float[] _by;

    /// <summary>Prepares <paramref name="model"/> for inference (weights transposed once).</summary>
    public DynamicModel(ModelFile model)
    {
        Layers = model.Layers;
        HiddenSize = model.HiddenSize;
        Vocabulary = model.Vocabulary;
        _wxhT = new float[Layers][];
        _whhT = new float[Layers][];
        _bh = new float[Layers][];
        for (int layer = 0; layer < Layers; layer++)
        {
            _wxhT[layer] = Transposed(model, ModelSchema.LayerTensor(layer, "Wxh"));
            _whhT[layer] = Transposed(model, ModelSchema.LayerTensor(layer, "Whh"));
            _bh[layer] = model.TensorData(ModelSchema.LayerTensor(layer, "bh")).ToArray();
        }

        _whyT = Transposed(model, "Why");
        _by = model.TensorData("by").ToArray();
    }

    /// <summary>The number of stacked layers.</summary>
    public int Layers { get; }

    /// <summary>The hidden size of each layer.</summary>
    public int HiddenSize { get; }

    /// <summary>The vocabulary: Unicode scalar values in id order.</summary>
    public int[] Vocabulary { get; }

    /// <summary>The number of distinct characters.</summary>
    public int VocabSize => Vocabulary.Length;

    /// <summary>Starts a session from the zero state. It allocates its buffers here and nothing afterwards.</summary>
    public DynamicSession CreateSession(SamplingOptions options) => new(this, options);

    internal void Step(int id, float[] hidden, float[] preactivation)
    {
        Span<float> h = hidden;
        RnnForward.StepFirstLayer(id, _wxhT[0], _whhT[0], _bh[0], h[..HiddenSize], preactivation);
        for (int layer = 1; layer < Layers; layer++)
        {
            RnnForward.StepUpperLayer(
                h.Slice((layer - 1) * HiddenSize, HiddenSize), _wxhT[layer], _whhT[layer], _bh[layer],
                h.Slice(layer * HiddenSize, HiddenSize), preactivation);
        }
    }

    internal void Output(float[] hidden, float[] logits) =>
        RnnForward.Output(_whyT, _by, hidden.AsSpan((Layers - 1) * HiddenSize, HiddenSize), logits);

    private static float[] Transposed(ModelFile model, string name)
    {
        TensorInfo tensor = model.Tensor(name);
        var transposed = new float[tensor.Length];
        WeightLayout.Transpose(model.TensorData(name), tensor.Rows, tensor.Columns, transposed);
        return transposed;
    }
}
