using System.Globalization;

namespace CharRnn.Training.Export.Onnx;

/// <summary>
/// Collects a graph's nodes, initializers, inputs and outputs in order; each node's output gets a fresh name unless
/// the caller names it (a graph output).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly List<ProtobufWriter> _nodes = [];
    private readonly List<ProtobufWriter> _initializers = [];
    private readonly List<ProtobufWriter> _inputs = [];
    private readonly List<ProtobufWriter> _outputs = [];
    private int _values;

    /// <summary>Adds a float constant and returns its name.</summary>
    public string Constant(string name, long[] dims, float[] data)
    {
        _initializers.Add(OnnxProto.Tensor(name, dims, data));
        return name;
    }

    /// <summary>Declares a graph input and returns its name.</summary>
    public string Input(string name, int elementType, long[] dims)
    {
        _inputs.Add(OnnxProto.Value(name, elementType, dims));
        return name;
    }

    /// <summary>Declares a graph output, which a node must produce under <paramref name="name"/>.</summary>
    public void Output(string name, int elementType, long[] dims) => _outputs.Add(OnnxProto.Value(name, elementType, dims));

    /// <summary>A node with one output; <paramref name="output"/> names it, or a fresh name is made.</summary>
    public string Op(string opType, string[] inputs, string? output = null)
    {
        output ??= Fresh(opType);
        _nodes.Add(OnnxProto.Node(opType, inputs, [output], []));
        return output;
    }

    /// <summary>
    /// Splits <paramref name="input"/> [1, n·H] along its last axis into <paramref name="parts"/> equal blocks [1, H]
    /// (opset 13–17: no <c>split</c> input means equal parts).
    /// </summary>
    public string[] Split(string input, int parts)
    {
        string[] outputs = [.. Enumerable.Range(0, parts).Select(_ => Fresh("Split"))];
        _nodes.Add(OnnxProto.Node("Split", [input], outputs, [("axis", -1)]));
        return outputs;
    }

    /// <summary>The graph, as <see cref="OnnxProto.Graph"/> writes it.</summary>
    public ProtobufWriter Build(string name) => OnnxProto.Graph(name, _nodes, _initializers, _inputs, _outputs);

    private string Fresh(string opType) => opType + "_" + (_values++).ToString(CultureInfo.InvariantCulture);
}
