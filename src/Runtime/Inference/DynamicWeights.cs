using CharRnn.Cells;
using CharRnn.CompilerServices;
using CharRnn.ModelFormat;

namespace CharRnn.Inference;

/// <summary>
/// A <see cref="DynamicModel"/>'s weights, arranged for the kernels once: float32 (<see cref="FloatWeights"/>) or
/// int8 (<see cref="Int8Weights"/>), each calling the cells' steps as generated code for that format does.
/// </summary>
internal abstract class DynamicWeights
{
    protected DynamicWeights(ModelFile model)
    {
        Cell = CellCatalog.For(model.Cell);
        Biases = new float[model.Layers][];
        for (int layer = 0; layer < model.Layers; layer++)
        {
            Biases[layer] = LayerBias(model, Cell, layer);
        }

        OutputBias = model.TensorData("by").ToArray();
    }

    protected CellDescription Cell { get; }

    /// <summary>Each layer's <c>bh</c> followed by the cell's extra biases, as its step reads them.</summary>
    protected float[][] Biases { get; }

    protected float[] OutputBias { get; }

    /// <summary>The weights of <paramref name="model"/> in the arrangement its format's kernels read.</summary>
    public static DynamicWeights For(ModelFile model) =>
        model.WeightFormat == WeightFormat.Int8 ? new Int8Weights(model) : new FloatWeights(model);

    /// <summary>One time step of layer <paramref name="layer"/> (the arguments of <see cref="CellStep"/>).</summary>
    public abstract void Step(int layer, LayerInput input, Span<float> hidden, Span<float> cellState, Span<float> scratch);

    /// <summary><c>y = by + Why·h</c>.</summary>
    public abstract void Logits(ReadOnlySpan<float> topHidden, Span<float> logits);

    private static float[] LayerBias(ModelFile model, CellDescription cell, int layer)
    {
        var bias = new List<float>(cell.BiasLength(model.HiddenSize));
        bias.AddRange(model.TensorData(ModelSchema.LayerTensor(layer, "bh")));
        foreach (string extra in cell.ExtraBiases)
        {
            bias.AddRange(model.TensorData(ModelSchema.LayerTensor(layer, extra)));
        }

        return [.. bias];
    }
}
