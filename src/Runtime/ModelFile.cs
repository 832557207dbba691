using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using CharRnn.ModelFormat;

namespace CharRnn;

/// <summary>
/// A model in memory, immutable: its shape, its vocabulary (Unicode scalar values in id order, strictly ascending)
/// and all its weights, tensor after tensor in file order, each row-major. Read one with <see cref="ModelFiles.Load"/>.
/// </summary>
/// <example>
/// <code>
/// ModelFile model = ModelFiles.Load("shakespeare.charrnn");
/// Console.WriteLine($"{model.Cell} {model.Layers}x{model.HiddenSize}, {model.VocabularySize} characters");
/// ReadOnlySpan&lt;float&gt; why = model.TensorData("Why");
/// </code>
/// </example>
public sealed class ModelFile
{
    /// <summary>Creates a model from copies of <paramref name="vocabulary"/> and <paramref name="weights"/>, checking that the parts agree.</summary>
    /// <exception cref="ModelFormatException">The parts disagree or break a limit.</exception>
    public ModelFile(CellType cell, int layers, int hiddenSize, ReadOnlySpan<int> vocabulary, ReadOnlySpan<float> weights, TrainingFacts facts)
        : this(cell, layers, hiddenSize, ImmutableArray.Create(vocabulary), ImmutableArray.Create(weights), facts)
    {
    }

    private ModelFile(CellType cell, int layers, int hiddenSize, ImmutableArray<int> vocabulary, ImmutableArray<float> weights,
        TrainingFacts facts, Int8Tensors? int8 = null)
    {
        ModelValidation.CheckShape(cell, layers, hiddenSize, vocabulary.Length, line: 0);
        ModelValidation.CheckVocabulary(vocabulary.AsSpan(), line: 0);
        Tensors = ModelSchema.ExpectedTensors(cell, layers, hiddenSize, vocabulary.Length);
        long expected = ModelSchema.ParameterCount(cell, layers, hiddenSize, vocabulary.Length);
        if (weights.Length != expected)
        {
            throw new ModelFormatException(
                $"the model holds {weights.Length} weights but its shape needs {expected}", 0);
        }

        Cell = cell;
        Layers = layers;
        HiddenSize = hiddenSize;
        Vocabulary = vocabulary;
        Weights = weights;
        Facts = facts ?? throw new ArgumentNullException(nameof(facts));
        Int8 = int8;
    }

    /// <summary>
    /// Like the public constructor, but takes the arrays over instead of copying them: for the reader, which builds
    /// them itself, so a large model is not held twice. The caller must not touch them afterwards.
    /// </summary>
    internal static ModelFile Adopt(CellType cell, int layers, int hiddenSize, int[] vocabulary, float[] weights, TrainingFacts facts) =>
        new(cell, layers, hiddenSize, ImmutableCollectionsMarshal.AsImmutableArray(vocabulary),
            ImmutableCollectionsMarshal.AsImmutableArray(weights), facts);

    /// <summary>
    /// Like <see cref="Adopt"/>, for an int8 model: <paramref name="vectors"/> holds the biases at their offsets, and
    /// receives the matrices as their values times their row scales (what <see cref="Weights"/> shows).
    /// </summary>
    internal static ModelFile AdoptInt8(CellType cell, int layers, int hiddenSize, int[] vocabulary, Int8Tensors int8, float[] vectors, TrainingFacts facts)
    {
        float[] weights = Int8Quantization.Dequantize(int8, vectors, ModelSchema.ExpectedTensors(cell, layers, hiddenSize, vocabulary.Length));
        return new(cell, layers, hiddenSize, ImmutableCollectionsMarshal.AsImmutableArray(vocabulary),
            ImmutableCollectionsMarshal.AsImmutableArray(weights), facts, int8);
    }

    /// <summary>The recurrent cell.</summary>
    public CellType Cell { get; }

    /// <summary>The number of stacked layers.</summary>
    public int Layers { get; }

    /// <summary>The size of each layer's hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>The vocabulary: Unicode scalar values, strictly ascending, indexed by character id.</summary>
    public ImmutableArray<int> Vocabulary { get; }

    /// <summary>The number of distinct characters.</summary>
    public int VocabularySize => Vocabulary.Length;

    /// <summary>How the weight matrices are stored: float32, or int8 with a scale per row.</summary>
    public WeightFormat WeightFormat => Int8 is null ? WeightFormat.Float32 : WeightFormat.Int8;

    /// <summary>
    /// Every weight, tensor after tensor as <see cref="Tensors"/> lists them. For an int8 model each matrix weight is
    /// its int8 value times its row's scale: the float32 model the int8 one stands for.
    /// </summary>
    public ImmutableArray<float> Weights { get; }

    /// <summary>The tensor table.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>How the model was trained.</summary>
    public TrainingFacts Facts { get; }

    /// <summary>The values and scales of an int8 model; null for a float32 one.</summary>
    internal Int8Tensors? Int8 { get; }

    /// <summary>
    /// An int8 copy of this float32 model: each matrix row as symmetric int8 values in [-127, 127] and one float32
    /// scale (its largest magnitude over 127), biases unchanged. Deterministic: the same model gives the same bytes.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is already int8.</exception>
    public ModelFile QuantizeInt8()
    {
        if (Int8 is not null)
        {
            throw new InvalidOperationException("the model is already int8; quantize its float32 original instead");
        }

        Int8Tensors int8 = Int8Quantization.Quantize(this);
        float[] vectors = Weights.ToArray();
        return AdoptInt8(Cell, Layers, HiddenSize, Vocabulary.ToArray(), int8, vectors, Facts);
    }

    /// <summary>The int8 values of one matrix of an int8 model, row-major.</summary>
    /// <exception cref="InvalidOperationException">The model is float32.</exception>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="ArgumentException">The tensor is a vector, which int8 models keep in float32.</exception>
    public ReadOnlySpan<sbyte> QuantizedTensorData(string name)
    {
        TensorInfo tensor = Int8Matrix(name);
        return Int8!.Values.AsSpan(tensor.Offset, tensor.Length);
    }

    /// <summary>The scales of one matrix of an int8 model, one per row.</summary>
    /// <exception cref="InvalidOperationException">The model is float32.</exception>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="ArgumentException">The tensor is a vector, which int8 models keep in float32.</exception>
    public ReadOnlySpan<float> TensorScales(string name)
    {
        TensorInfo tensor = Int8Matrix(name);
        return Int8!.Scales.AsSpan(Int8.ScaleOffsets[name], tensor.Rows);
    }

    private TensorInfo Int8Matrix(string name)
    {
        if (Int8 is null)
        {
            throw new InvalidOperationException("the model is float32; only an int8 model has quantized values and scales");
        }

        TensorInfo tensor = Tensor(name);
        return tensor.IsVector
            ? throw new ArgumentException($"tensor {name} is a vector; int8 models keep vectors in float32", nameof(name))
            : tensor;
    }

    /// <summary>Finds a tensor by name.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public TensorInfo Tensor(string name)
    {
        foreach (TensorInfo tensor in Tensors)
        {
            if (tensor.Name == name)
            {
                return tensor;
            }
        }

        throw new KeyNotFoundException($"the model has no tensor named '{name}'");
    }

    /// <summary>The weights of one tensor, row-major.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public ReadOnlySpan<float> TensorData(string name)
    {
        TensorInfo tensor = Tensor(name);
        return Weights.AsSpan(tensor.Offset, tensor.Length);
    }
}
