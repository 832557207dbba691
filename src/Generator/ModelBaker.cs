using System.Globalization;
using System.Runtime.InteropServices;
using CharRnn.Cells;
using CharRnn.Kernels;
using CharRnn.ModelFormat;

namespace CharRnn.Generator;

/// <summary>
/// Turns a valid model into the arrays generated code holds, in the layout the kernels read, as <c>DynamicModel</c>
/// arranges them: per layer the tensors its cell's step reads (Wxh, Whh, and bh with the cell's extra biases as one
/// span), then the readout's Why and by. A float32 matrix is one array; an int8 matrix is its values (bytes) and its
/// row scales (floats).
/// </summary>
internal static class ModelBaker
{
    public static ModelSpec Bake(ModelFile model)
    {
        CellDescription cell = CellCatalog.For(model.Cell);
        var tensors = new List<BakedTensor>();
        for (int layer = 0; layer < model.Layers; layer++)
        {
            string field = "Layer" + layer.ToString(CultureInfo.InvariantCulture);
            tensors.AddRange(Matrix(model, ModelSchema.LayerTensor(layer, "Wxh"), field + "Wxh"));
            tensors.AddRange(Matrix(model, ModelSchema.LayerTensor(layer, "Whh"), field + "Whh"));
            tensors.Add(Vectors(model, field + "Bias", [ModelSchema.LayerTensor(layer, "bh"), .. cell.ExtraBiases.Select(extra => ModelSchema.LayerTensor(layer, extra))]));
        }

        tensors.AddRange(Matrix(model, "Why", "Why"));
        tensors.Add(Vectors(model, "By", ["by"]));
        return new ModelSpec(
            model.Cell,
            model.Layers,
            model.HiddenSize,
            model.WeightFormat,
            new EquatableArray<int>(model.Vocabulary.ToArray()),
            Fnv1a64.Hash(Concatenate(tensors)),
            new EquatableArray<BakedTensor>(tensors.ToArray()));
    }

    private static BakedTensor[] Matrix(ModelFile model, string name, string field)
    {
        TensorInfo tensor = model.Tensor(name);
        bool oneHotInput = ModelSchema.IsOneHotInput(name);
        string layout = oneHotInput ? "input-major" : "in panels";
        if (model.WeightFormat == WeightFormat.Int8)
        {
            var values = new sbyte[WeightLayout.ArrangedInt8Length(tensor.Rows, tensor.Columns, oneHotInput)];
            WeightLayout.ArrangeInt8(model.QuantizedTensorData(name), tensor.Rows, tensor.Columns, oneHotInput, values);
            string comment = $"{name}: {tensor.ShapeText} int8 values in the model file, baked {layout} as WeightLayout.ArrangeInt8 writes them.";
            return
            [
                new BakedTensor(field + "Values", comment, values.Length, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), IsInt8: true),
                new BakedTensor(
                    field + "Scales", $"{name}.scale: a float32 scale per row of {name}.", tensor.Rows, TensorBytes.ToLittleEndian(model.TensorScales(name))),
            ];
        }

        var floats = new float[tensor.Length];
        WeightLayout.Arrange(model.TensorData(name), tensor.Rows, tensor.Columns, oneHotInput, floats);
        string floatComment = $"{name}: {tensor.ShapeText} in the model file, baked {layout} as WeightLayout.Arrange writes it.";
        return [new BakedTensor(field, floatComment, floats.Length, TensorBytes.ToLittleEndian(floats))];
    }

    // Every baked byte in order: what the checksum of the spec covers.
    private static byte[] Concatenate(List<BakedTensor> tensors)
    {
        var bytes = new byte[tensors.Sum(tensor => (long)tensor.Bytes.Length)];
        int offset = 0;
        foreach (BakedTensor tensor in tensors)
        {
            Buffer.BlockCopy(tensor.Bytes, 0, bytes, offset, tensor.Bytes.Length);
            offset += tensor.Bytes.Length;
        }

        return bytes;
    }

    // One span of vectors back to back, as a cell's step reads its biases.
    private static BakedTensor Vectors(ModelFile model, string field, string[] names)
    {
        var values = new List<float>();
        foreach (string name in names)
        {
            values.AddRange(model.TensorData(name).ToArray());
        }

        string shapes = string.Join(", ", names.Select(name => name + " (" + model.Tensor(name).ShapeText + ")"));
        return new BakedTensor(field, shapes + ".", values.Count, TensorBytes.ToLittleEndian(values.ToArray()));
    }
}
