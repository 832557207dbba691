using CharRnn.Cells;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>
/// One step of a one-layer vanilla RNN model file as an ONNX model of explicit ops, the way a framework exports it:
/// <c>h' = Tanh(Gather(Wxhᵀ, id) + MatMul(h, Whhᵀ) + bh)</c>, <c>logits = MatMul(h', Whyᵀ) + by</c>. Inputs
/// <c>id</c> (int64 [1]) and <c>h</c> (float [1, H]); outputs <c>logits</c> (float [1, V]) and <c>h_next</c> (float [1, H]).
/// </summary>
internal static class OnnxRnnGraph
{
    /// <summary>IR version 8 with opset 17: ONNX 1.12's pair, which every current ONNX Runtime reads.</summary>
    private const int IrVersion = 8;
    private const int Opset = 17;

    public const string Id = "id";
    public const string Hidden = "h";
    public const string Logits = "logits";
    public const string NextHidden = "h_next";

    /// <summary>The serialized ModelProto of the step.</summary>
    /// <exception cref="ArgumentException">The model is not a one-layer RNN.</exception>
    public static byte[] Build(ModelFile model)
    {
        if (model.Cell != CellType.Rnn || model.Layers != 1)
        {
            throw new ArgumentException($"the ONNX peer graph is a one-layer vanilla RNN; this model is {CellCatalog.Name(model.Cell)} with {model.Layers} layers");
        }

        int h = model.HiddenSize;
        int v = model.VocabularySize;
        ProtobufWriter[] initializers =
        [
            OnnxProto.Tensor("WxhT", [v, h], Transpose(model.TensorData("layer0.Wxh"), h, v)),
            OnnxProto.Tensor("WhhT", [h, h], Transpose(model.TensorData("layer0.Whh"), h, h)),
            OnnxProto.Tensor("bh", [h], [.. model.TensorData("layer0.bh")]),
            OnnxProto.Tensor("WhyT", [h, v], Transpose(model.TensorData("Why"), v, h)),
            OnnxProto.Tensor("by", [v], [.. model.TensorData("by")]),
        ];
        ProtobufWriter[] nodes =
        [
            OnnxProto.Node("Gather", ["WxhT", Id], "x_column"),
            OnnxProto.Node("MatMul", [Hidden, "WhhT"], "recurrence"),
            OnnxProto.Node("Add", ["x_column", "recurrence"], "sum"),
            OnnxProto.Node("Add", ["sum", "bh"], "preactivation"),
            OnnxProto.Node("Tanh", ["preactivation"], NextHidden),
            OnnxProto.Node("MatMul", [NextHidden, "WhyT"], "output"),
            OnnxProto.Node("Add", ["output", "by"], Logits),
        ];
        ProtobufWriter graph = OnnxProto.Graph(
            "rnn_step",
            nodes,
            initializers,
            [OnnxProto.Value(Id, OnnxProto.Int64, [1]), OnnxProto.Value(Hidden, OnnxProto.Float, [1, h])],
            [OnnxProto.Value(Logits, OnnxProto.Float, [1, v]), OnnxProto.Value(NextHidden, OnnxProto.Float, [1, h])]);
        return OnnxProto.Model(graph, IrVersion, Opset);
    }

    // A row-major [rows, columns] matrix as row-major [columns, rows].
    private static float[] Transpose(ReadOnlySpan<float> matrix, int rows, int columns)
    {
        var transposed = new float[matrix.Length];
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                transposed[(column * rows) + row] = matrix[(row * columns) + column];
            }
        }

        return transposed;
    }
}
