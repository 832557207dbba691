using CharRnn.CompilerServices;
using CharRnn.Kernels;
using CharRnn.ModelFormat;

namespace CharRnn.Inference;

/// <summary>
/// Int8 weights in <see cref="WeightLayout.ArrangeInt8"/>'s arrangement, each starting on a 64-byte boundary, with
/// their row scales.
/// </summary>
internal sealed class Int8Weights : DynamicWeights
{
    private readonly ArraySegment<sbyte>[] _wxh;
    private readonly ArraySegment<sbyte>[] _whh;
    private readonly float[][] _wxhScales;
    private readonly float[][] _whhScales;
    private readonly ArraySegment<sbyte> _why;
    private readonly float[] _whyScales;

    public Int8Weights(ModelFile model)
        : base(model)
    {
        _wxh = new ArraySegment<sbyte>[model.Layers];
        _whh = new ArraySegment<sbyte>[model.Layers];
        _wxhScales = new float[model.Layers][];
        _whhScales = new float[model.Layers][];
        for (int layer = 0; layer < model.Layers; layer++)
        {
            string wxh = ModelSchema.LayerTensor(layer, "Wxh"), whh = ModelSchema.LayerTensor(layer, "Whh");
            _wxh[layer] = Arranged(model, wxh);
            _wxhScales[layer] = model.TensorScales(wxh).ToArray();
            _whh[layer] = Arranged(model, whh);
            _whhScales[layer] = model.TensorScales(whh).ToArray();
        }

        _why = Arranged(model, "Why");
        _whyScales = model.TensorScales("Why").ToArray();
    }

    public override void Step(int layer, LayerInput input, Span<float> hidden, Span<float> cellState, Span<float> scratch) =>
        Cell.Int8Step(input, new Int8Matrix(_wxh[layer], _wxhScales[layer]), new Int8Matrix(_whh[layer], _whhScales[layer]),
            Biases[layer], hidden, cellState, scratch);

    public override void Logits(ReadOnlySpan<float> topHidden, Span<float> logits) =>
        Readout.Logits(new Int8Matrix(_why, _whyScales), OutputBias, topHidden, logits);

    private static ArraySegment<sbyte> Arranged(ModelFile model, string name)
    {
        TensorInfo tensor = model.Tensor(name);
        bool oneHot = ModelSchema.IsOneHotInput(name);
        ArraySegment<sbyte> arranged = AlignedWeights.Allocate<sbyte>(WeightLayout.ArrangedInt8Length(tensor.Rows, tensor.Columns, oneHot));
        WeightLayout.ArrangeInt8(model.QuantizedTensorData(name), tensor.Rows, tensor.Columns, oneHot, arranged);
        return arranged;
    }
}
