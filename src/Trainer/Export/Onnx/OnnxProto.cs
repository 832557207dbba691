using System.Runtime.InteropServices;

namespace CharRnn.Training.Export.Onnx;

/// <summary>
/// The few ONNX messages a plain graph needs (onnx/onnx.proto: ModelProto, GraphProto, NodeProto, AttributeProto,
/// TensorProto, ValueInfoProto, StringStringEntryProto), with only the fields used here and onnx.proto's field numbers.
/// </summary>
internal static class OnnxProto
{
    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int Float = 1;

    /// <summary>TensorProto.DataType INT64.</summary>
    public const int Int64 = 7;

    /// <summary>AttributeProto.AttributeType INT.</summary>
    private const int IntAttribute = 2;

    /// <summary>
    /// A ModelProto: ir_version (1), producer_name (2), graph (7), opset_import (8) of the default domain,
    /// metadata_props (14) as key (1) / value (2) pairs.
    /// </summary>
    public static byte[] Model(ProtobufWriter graph, int irVersion, int opset, IEnumerable<(string Key, string Value)> metadata)
    {
        ProtobufWriter model = new ProtobufWriter()
            .Varint(1, irVersion)
            .String(2, "charrnn")
            .Message(7, graph)
            .Message(8, new ProtobufWriter().String(1, "").Varint(2, opset));
        foreach ((string key, string value) in metadata)
        {
            model.Message(14, new ProtobufWriter().String(1, key).String(2, value));
        }

        return model.ToArray();
    }

    /// <summary>A GraphProto: node (1), name (2), initializer (5), input (11), output (12).</summary>
    public static ProtobufWriter Graph(
        string name, IEnumerable<ProtobufWriter> nodes, IEnumerable<ProtobufWriter> initializers,
        IEnumerable<ProtobufWriter> inputs, IEnumerable<ProtobufWriter> outputs)
    {
        var graph = new ProtobufWriter();
        foreach (ProtobufWriter node in nodes)
        {
            graph.Message(1, node);
        }

        graph.String(2, name);
        foreach (ProtobufWriter initializer in initializers)
        {
            graph.Message(5, initializer);
        }

        foreach (ProtobufWriter input in inputs)
        {
            graph.Message(11, input);
        }

        foreach (ProtobufWriter output in outputs)
        {
            graph.Message(12, output);
        }

        return graph;
    }

    /// <summary>
    /// A NodeProto of the default domain: input (1), output (2), op_type (4), and its int attributes (5) as
    /// AttributeProto name (1), i (3), type (20).
    /// </summary>
    public static ProtobufWriter Node(string opType, string[] inputs, string[] outputs, (string Name, long Value)[] attributes)
    {
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        foreach (string output in outputs)
        {
            node.String(2, output);
        }

        node.String(4, opType);
        foreach ((string name, long value) in attributes)
        {
            node.Message(5, new ProtobufWriter().String(1, name).Varint(3, value).Varint(20, IntAttribute));
        }

        return node;
    }

    /// <summary>A float TensorProto: dims (1), data_type (2), name (8), raw_data (9, little-endian IEEE 754).</summary>
    public static ProtobufWriter Tensor(string name, long[] dims, float[] data)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("raw_data is little-endian; this writer copies memory as it is");
        }

        var tensor = new ProtobufWriter();
        foreach (long dim in dims)
        {
            tensor.Varint(1, dim);
        }

        return tensor.Varint(2, Float).String(8, name).Bytes(9, MemoryMarshal.AsBytes(data.AsSpan()));
    }

    /// <summary>
    /// A ValueInfoProto: name (1), type (2) = TypeProto { tensor_type (1) = { elem_type (1),
    /// shape (2) = TensorShapeProto { dim (1) = { dim_value (1) } } } }.
    /// </summary>
    public static ProtobufWriter Value(string name, int elementType, long[] dims)
    {
        var shape = new ProtobufWriter();
        foreach (long dim in dims)
        {
            shape.Message(1, new ProtobufWriter().Varint(1, dim));
        }

        var tensorType = new ProtobufWriter().Varint(1, elementType).Message(2, shape);
        return new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().Message(1, tensorType));
    }
}
