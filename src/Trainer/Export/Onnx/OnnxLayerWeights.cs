using CharRnn.ModelFormat;

namespace CharRnn.Training.Export.Onnx;

/// <summary>
/// One layer's tensors as graph constants, the matrices transposed so a row vector [1, in] multiplies them:
/// <c>layerK.WxhT</c> [in, G·H], <c>layerK.WhhT</c> [H, G·H], <c>layerK.bh</c> [G·H] and, for a GRU, <c>layerK.bhn</c> [H].
/// </summary>
internal sealed class OnnxLayerWeights
{
    public OnnxLayerWeights(OnnxGraphBuilder graph, ModelFile model, int layer)
    {
        TensorInfo wxh = Tensor(model, layer, "Wxh"), whh = Tensor(model, layer, "Whh");
        WxhT = graph.Constant(wxh.Name + "T", [wxh.Columns, wxh.Rows], OnnxStepGraph.Transpose(model.TensorData(wxh.Name), wxh.Rows, wxh.Columns));
        WhhT = graph.Constant(whh.Name + "T", [whh.Columns, whh.Rows], OnnxStepGraph.Transpose(model.TensorData(whh.Name), whh.Rows, whh.Columns));
        string bh = ModelSchema.LayerTensor(layer, "bh");
        Bias = graph.Constant(bh, [model.TensorData(bh).Length], [.. model.TensorData(bh)]);
        string bhn = ModelSchema.LayerTensor(layer, "bhn");
        ResetBias = model.Tensors.Any(t => t.Name == bhn)
            ? graph.Constant(bhn, [model.TensorData(bhn).Length], [.. model.TensorData(bhn)])
            : "";
    }

    public string WxhT { get; }

    public string WhhT { get; }

    public string Bias { get; }

    /// <summary>The GRU's <c>bhn</c>, the recurrent bias of n inside the reset product; empty for other cells.</summary>
    public string ResetBias { get; }

    private static TensorInfo Tensor(ModelFile model, int layer, string name)
    {
        string full = ModelSchema.LayerTensor(layer, name);
        return model.Tensors.First(t => t.Name == full);
    }
}
