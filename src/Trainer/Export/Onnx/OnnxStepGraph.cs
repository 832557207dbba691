using System.Globalization;
using System.Text.Json;
using CharRnn.Cells;
using CharRnn.ModelFormat;

namespace CharRnn.Training.Export.Onnx;

/// <summary>
/// One sampling step of a float model file as an ONNX model of plain operators (Gather, MatMul, Add, Mul, Sub,
/// Sigmoid, Tanh, Split), each layer computed in the order CharRnn's cell computes it, gate blocks in the model's order
/// (LSTM i|f|g|o, GRU r|z|n). Inputs: <c>id</c> (int64 [1]), then <c>h0</c>…<c>h{L−1}</c> (float [1, H]) and, for an
/// LSTM, <c>c0</c>…<c>c{L−1}</c>. Outputs: <c>logits</c> (float [1, V]), then <c>h0_next</c>… and <c>c0_next</c>….
/// docs/interop.md, "Exporting to ONNX", is the user's description.
/// </summary>
internal static class OnnxStepGraph
{
    /// <summary>IR version 8 with opset 17: ONNX 1.12's pair, which every current ONNX Runtime reads.</summary>
    public const int IrVersion = 8;

    /// <summary>The default domain's opset the graph imports.</summary>
    public const int Opset = 17;

    public const string Id = "id";
    public const string Logits = "logits";

    public static string Hidden(int layer) => "h" + Text(layer);

    public static string NextHidden(int layer) => Hidden(layer) + "_next";

    public static string CellState(int layer) => "c" + Text(layer);

    public static string NextCellState(int layer) => CellState(layer) + "_next";

    /// <summary>The serialized ModelProto of the step.</summary>
    /// <exception cref="ArgumentException">The model holds int8 weights.</exception>
    public static byte[] Build(ModelFile model)
    {
        if (model.WeightFormat != WeightFormat.Float32)
        {
            throw new ArgumentException("the ONNX step is built from float32 weights; this model holds int8 weights", nameof(model));
        }

        var graph = new OnnxGraphBuilder();
        int h = model.HiddenSize, v = model.VocabularySize;
        bool hasCellState = CellCatalog.For(model.Cell).HasCellState;
        string id = graph.Input(Id, OnnxProto.Int64, [1]);
        string[] hidden = [.. Enumerable.Range(0, model.Layers).Select(layer => graph.Input(Hidden(layer), OnnxProto.Float, [1, h]))];
        string[] cells = hasCellState
            ? [.. Enumerable.Range(0, model.Layers).Select(layer => graph.Input(CellState(layer), OnnxProto.Float, [1, h]))]
            : [];

        string below = id;
        for (int layer = 0; layer < model.Layers; layer++)
        {
            var weights = new OnnxLayerWeights(graph, model, layer);
            // The first layer's input is one-hot: its product with Wxh is the id's row of Wxhᵀ.
            string projected = layer == 0
                ? graph.Op("Gather", [weights.WxhT, below])
                : graph.Op("MatMul", [below, weights.WxhT]);
            string inputHalf = graph.Op("Add", [projected, weights.Bias]);
            string recurrentHalf = graph.Op("MatMul", [hidden[layer], weights.WhhT]);
            below = model.Cell switch
            {
                CellType.Rnn => graph.Op("Tanh", [graph.Op("Add", [inputHalf, recurrentHalf])], NextHidden(layer)),
                CellType.Lstm => OnnxCellSteps.Lstm(graph, inputHalf, recurrentHalf, cells[layer], layer),
                CellType.Gru => OnnxCellSteps.Gru(graph, inputHalf, recurrentHalf, weights.ResetBias, hidden[layer], layer),
                _ => throw new ArgumentOutOfRangeException(nameof(model), model.Cell, "no ONNX step for this cell"),
            };
        }

        string whyT = graph.Constant("WhyT", [h, v], Transpose(model.TensorData("Why"), v, h));
        string by = graph.Constant("by", [v], [.. model.TensorData("by")]);
        graph.Op("Add", [graph.Op("MatMul", [below, whyT]), by], Logits);

        graph.Output(Logits, OnnxProto.Float, [1, v]);
        for (int layer = 0; layer < model.Layers; layer++)
        {
            graph.Output(NextHidden(layer), OnnxProto.Float, [1, h]);
        }

        for (int layer = 0; hasCellState && layer < model.Layers; layer++)
        {
            graph.Output(NextCellState(layer), OnnxProto.Float, [1, h]);
        }

        return OnnxProto.Model(graph.Build(CellCatalog.Name(model.Cell) + "_step"), IrVersion, Opset, Metadata(model));
    }

    /// <summary>A row-major [rows, columns] matrix as row-major [columns, rows].</summary>
    public static float[] Transpose(ReadOnlySpan<float> matrix, int rows, int columns)
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

    // What a user needs besides the graph to sample: which character each id is, and the model's shape.
    private static IEnumerable<(string Key, string Value)> Metadata(ModelFile model)
    {
        yield return ("charrnn.cell", CellCatalog.Name(model.Cell));
        yield return ("charrnn.layers", Text(model.Layers));
        yield return ("charrnn.hidden_size", Text(model.HiddenSize));
        yield return ("charrnn.vocabulary", JsonArray(model.Vocabulary.Select(char.ConvertFromUtf32)));
    }

    // Written by hand, not by JsonSerializer, whose reflection NativeAOT builds of charrnn refuse (IL2026, IL3050).
    private static string JsonArray(IEnumerable<string> items)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (string item in items)
            {
                json.WriteStringValue(item);
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
