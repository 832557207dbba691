using System.Collections.Generic;
using CharRnn.Cells;

namespace CharRnn.ModelFormat;

/// <summary>
/// The tensors a model of a given cell and size must hold, in file order. Readers compare a file's tensor
/// table with this list, so a file cannot describe shapes that disagree with its own header.
/// </summary>
internal static class ModelSchema
{
    /// <summary>The largest hidden size a model file may declare.</summary>
    public const int MaxHiddenSize = 4096;

    /// <summary>The largest number of stacked layers.</summary>
    public const int MaxLayers = 4;

    /// <summary>The largest vocabulary a model file may declare.</summary>
    public const int MaxVocabularySize = 65536;

    /// <summary>The most floats a model file may hold (256 MiB of weights).</summary>
    public const long MaxParameters = 64L * 1024 * 1024;

    /// <summary>
    /// Checks a shape against the limits above before anything is built from it (the trainer calls this before
    /// training, so a run never ends with a model no reader would accept).
    /// </summary>
    /// <exception cref="ModelFormatException">A size is out of range or the model would hold too many weights.</exception>
    public static void CheckShape(CellType cell, int layers, int hiddenSize, int vocabularySize) =>
        ModelValidation.CheckShape(cell, layers, hiddenSize, vocabularySize, line: 0);

    /// <summary>
    /// Lists the tensors of a model, with their offsets in the data section: per layer those of the cell's
    /// <see cref="CellDescription"/> (<c>Wxh [G·H, in]</c>, <c>Whh [G·H, H]</c>, <c>bh [G·H]</c>, then its extra biases of H),
    /// then <c>Why [V, H]</c> and <c>by [V]</c>.
    /// </summary>
    public static IReadOnlyList<TensorInfo> ExpectedTensors(CellType cell, int layers, int hiddenSize, int vocabularySize)
    {
        CellDescription description = CellCatalog.For(cell);
        int gateRows = description.GateRows(hiddenSize);
        var tensors = new List<TensorInfo>();
        int offset = 0;
        void Add(string name, int rows, int columns)
        {
            var tensor = new TensorInfo(name, rows, columns, offset);
            tensors.Add(tensor);
            offset += tensor.Length;
        }

        for (int layer = 0; layer < layers; layer++)
        {
            int inputSize = layer == 0 ? vocabularySize : hiddenSize;
            Add(LayerTensor(layer, "Wxh"), gateRows, inputSize);
            Add(LayerTensor(layer, "Whh"), gateRows, hiddenSize);
            Add(LayerTensor(layer, "bh"), gateRows, 0);
            foreach (string extra in description.ExtraBiases)
            {
                Add(LayerTensor(layer, extra), hiddenSize, 0);
            }
        }

        Add("Why", vocabularySize, hiddenSize);
        Add("by", vocabularySize, 0);
        return tensors;
    }

    /// <summary>The number of floats a model of this shape holds, computed without overflow.</summary>
    public static long ParameterCount(CellType cell, int layers, int hiddenSize, int vocabularySize)
    {
        CellDescription description = CellCatalog.For(cell);
        long h = hiddenSize, v = vocabularySize, g = description.GateCount;
        long extraBiases = description.ExtraBiases.Count * h;
        long firstLayer = g * h * (v + h + 1) + extraBiases;
        long upperLayers = (layers - 1) * (g * h * (h + h + 1) + extraBiases);
        return firstLayer + upperLayers + v * h + v;
    }

    /// <summary>Whether the tensor multiplies a one-hot input: the first layer's Wxh, which inference stores transposed.</summary>
    public static bool IsOneHotInput(string tensorName) => tensorName == LayerTensor(0, "Wxh");

    /// <summary>The name of a per-layer tensor, e.g. <c>layer0.Whh</c>.</summary>
    public static string LayerTensor(int layer, string name) =>
        "layer" + layer.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + name;
}
