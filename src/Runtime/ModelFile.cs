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

    private ModelFile(CellType cell, int layers, int hiddenSize, ImmutableArray<int> vocabulary, ImmutableArray<float> weights, TrainingFacts facts)
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
    }

    /// <summary>
    /// Like the public constructor, but takes the arrays over instead of copying them: for the reader, which builds
    /// them itself, so a large model is not held twice. The caller must not touch them afterwards.
    /// </summary>
    internal static ModelFile Adopt(CellType cell, int layers, int hiddenSize, int[] vocabulary, float[] weights, TrainingFacts facts) =>
        new(cell, layers, hiddenSize, ImmutableCollectionsMarshal.AsImmutableArray(vocabulary),
            ImmutableCollectionsMarshal.AsImmutableArray(weights), facts);

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

    /// <summary>Every weight, tensor after tensor as <see cref="Tensors"/> lists them.</summary>
    public ImmutableArray<float> Weights { get; }

    /// <summary>The tensor table.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>How the model was trained.</summary>
    public TrainingFacts Facts { get; }

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
