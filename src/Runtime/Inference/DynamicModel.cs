using CharRnn.ModelFormat;

namespace CharRnn.Inference;

/// <summary>
/// A model loaded at run time, of any cell type and size: what <c>charrnn sample</c> runs. It gives the same
/// characters as the code the generator bakes from the same file, because both call the same step kernels
/// (<see cref="RnnForward"/>, <see cref="LstmForward"/>, <see cref="GruForward"/>) and <see cref="Sampler"/>.
/// </summary>
public sealed class DynamicModel
{
    private readonly float[][] _wxhT;
    private readonly float[][] _whhT;
    private readonly float[][] _bh;
    private readonly float[][] _bhn;
    private readonly float[] _whyT;
    private readonly float[] _by;

    /// <summary>Prepares <paramref name="model"/> for inference (weights arranged for the kernels once).</summary>
    public DynamicModel(ModelFile model)
    {
        Cell = model.Cell;
        Layers = model.Layers;
        HiddenSize = model.HiddenSize;
        Vocabulary = model.Vocabulary;
        _wxhT = new float[Layers][];
        _whhT = new float[Layers][];
        _bh = new float[Layers][];
        _bhn = new float[Layers][];
        for (int layer = 0; layer < Layers; layer++)
        {
            _wxhT[layer] = Arranged(model, ModelSchema.LayerTensor(layer, "Wxh"));
            _whhT[layer] = Arranged(model, ModelSchema.LayerTensor(layer, "Whh"));
            _bh[layer] = model.TensorData(ModelSchema.LayerTensor(layer, "bh")).ToArray();
            _bhn[layer] = Cell == CellType.Gru ? model.TensorData(ModelSchema.LayerTensor(layer, "bhn")).ToArray() : [];
        }

        _whyT = Arranged(model, "Why");
        _by = model.TensorData("by").ToArray();
    }

    /// <summary>The recurrent cell of every layer.</summary>
    public CellType Cell { get; }

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

    internal DynamicState CreateState() => new(Cell, Layers, HiddenSize);

    // One time step of every layer, bottom to top; each layer reads the new h of the layer below.
    internal void Step(int id, DynamicState state)
    {
        for (int layer = 0; layer < Layers; layer++)
        {
            Span<float> h = state.Hidden.AsSpan(layer * HiddenSize, HiddenSize);
            ReadOnlySpan<float> below = layer == 0 ? default : state.Hidden.AsSpan((layer - 1) * HiddenSize, HiddenSize);
            switch (Cell)
            {
                case CellType.Lstm:
                    StepLstm(layer, id, below, h, state.Cells.AsSpan(layer * HiddenSize, HiddenSize), state.Gates);
                    break;
                case CellType.Gru:
                    StepGru(layer, id, below, h, state.Gates, state.HiddenGates);
                    break;
                default:
                    StepRnn(layer, id, below, h, state.Gates);
                    break;
            }
        }
    }

    internal void Output(DynamicState state, float[] logits) =>
        RnnForward.Output(_whyT, _by, state.Hidden.AsSpan((Layers - 1) * HiddenSize, HiddenSize), logits);

    private void StepRnn(int layer, int id, ReadOnlySpan<float> below, Span<float> h, Span<float> preactivation)
    {
        if (layer == 0)
        {
            RnnForward.StepFirstLayer(id, _wxhT[0], _whhT[0], _bh[0], h, preactivation);
        }
        else
        {
            RnnForward.StepUpperLayer(below, _wxhT[layer], _whhT[layer], _bh[layer], h, preactivation);
        }
    }

    private void StepLstm(int layer, int id, ReadOnlySpan<float> below, Span<float> h, Span<float> c, Span<float> gates)
    {
        if (layer == 0)
        {
            LstmForward.StepFirstLayer(id, _wxhT[0], _whhT[0], _bh[0], h, c, gates);
        }
        else
        {
            LstmForward.StepUpperLayer(below, _wxhT[layer], _whhT[layer], _bh[layer], h, c, gates);
        }
    }

    private void StepGru(int layer, int id, ReadOnlySpan<float> below, Span<float> h, Span<float> inputGates, Span<float> hiddenGates)
    {
        if (layer == 0)
        {
            GruForward.StepFirstLayer(id, _wxhT[0], _whhT[0], _bh[0], _bhn[0], h, inputGates, hiddenGates);
        }
        else
        {
            GruForward.StepUpperLayer(below, _wxhT[layer], _whhT[layer], _bh[layer], _bhn[layer], h, inputGates, hiddenGates);
        }
    }

    private static float[] Arranged(ModelFile model, string name)
    {
        TensorInfo tensor = model.Tensor(name);
        var arranged = new float[tensor.Length];
        WeightLayout.Arrange(name, model.TensorData(name), tensor.Rows, tensor.Columns, arranged);
        return arranged;
    }
}
