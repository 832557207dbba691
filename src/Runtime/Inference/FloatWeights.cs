using CharRnn.CompilerServices;
using CharRnn.Kernels;
using CharRnn.ModelFormat;

namespace CharRnn.Inference;

/// <summary>Float32 weights in <see cref="WeightLayout.Arrange"/>'s arrangement, each starting on a 64-byte boundary.</summary>
internal sealed class FloatWeights : DynamicWeights
{
    private readonly ArraySegment<float>[] _wxh;
    private readonly ArraySegment<float>[] _whh;
    private readonly ArraySegment<float> _why;

    public FloatWeights(ModelFile model)
        : base(model)
    {
        _wxh = new ArraySegment<float>[model.Layers];
        _whh = new ArraySegment<float>[model.Layers];
        for (int layer = 0; layer < model.Layers; layer++)
        {
            _wxh[layer] = Arranged(model, ModelSchema.LayerTensor(layer, "Wxh"));
            _whh[layer] = Arranged(model, ModelSchema.LayerTensor(layer, "Whh"));
        }

        _why = Arranged(model, "Why");
    }

    public override void Step(int layer, LayerInput input, Span<float> hidden, Span<float> cellState, Span<float> scratch) =>
        Cell.Step(input, _wxh[layer], _whh[layer], Biases[layer], hidden, cellState, scratch);

    public override void Logits(ReadOnlySpan<float> topHidden, Span<float> logits) =>
        Readout.Logits(_why, OutputBias, topHidden, logits);

    private static ArraySegment<float> Arranged(ModelFile model, string name)
    {
        TensorInfo tensor = model.Tensor(name);
        ArraySegment<float> arranged = AlignedWeights.Allocate(tensor.Length);
        WeightLayout.Arrange(model.TensorData(name), tensor.Rows, tensor.Columns, ModelSchema.IsOneHotInput(name), arranged);
        return arranged;
    }
}
