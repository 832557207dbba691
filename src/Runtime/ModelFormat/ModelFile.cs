using System;
using System.Collections.Generic;

namespace CharRnn.ModelFormat;

/// <summary>
/// A model in memory: its shape, its vocabulary (Unicode scalar values in id order, strictly ascending) and
/// all its weights in one array, tensor after tensor in <see cref="ModelSchema"/> order, each row-major.
/// </summary>
public sealed class ModelFile
{
    /// <summary>Creates a model, checking that the shape, vocabulary and weights agree.</summary>
    /// <exception cref="ModelFormatException">The parts disagree or break a limit.</exception>
    public ModelFile(CellType cell, int layers, int hiddenSize, int[] vocabulary, float[] weights, TrainingFacts facts)
    {
        ModelValidation.CheckShape(cell, layers, hiddenSize, vocabulary.Length, line: 0);
        ModelValidation.CheckVocabulary(vocabulary, line: 0);
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
        Facts = facts;
    }

    /// <summary>The recurrent cell.</summary>
    public CellType Cell { get; }

    /// <summary>The number of stacked layers.</summary>
    public int Layers { get; }

    /// <summary>The size of each layer's hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>The vocabulary: Unicode scalar values, strictly ascending, indexed by character id.</summary>
    public int[] Vocabulary { get; }

    /// <summary>The number of distinct characters.</summary>
    public int VocabularySize => Vocabulary.Length;

    /// <summary>Every weight, tensor after tensor as <see cref="Tensors"/> lists them.</summary>
    public float[] Weights { get; }

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
    public ArraySegment<float> TensorData(string name)
    {
        TensorInfo tensor = Tensor(name);
        return new ArraySegment<float>(Weights, tensor.Offset, tensor.Length);
    }
}
