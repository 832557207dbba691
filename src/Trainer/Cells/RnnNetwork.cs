using System.Numerics;
using CharRnn.CompilerServices;
using CharRnn.ModelFormat;
using CharRnn.Training.Numerics;
using CharRnn.Cells;
using CharRnn.Kernels;

namespace CharRnn.Training.Cells;

/// <summary>
/// The weights of a stacked recurrent network (layers of any cell in <see cref="CellCatalog"/>) with a softmax output, in one flat
/// array laid out exactly as the model file lays them out (<see cref="ModelSchema.ExpectedTensors"/>), so gradients,
/// optimizers and saving all work on one span. Generic so that training runs in float and the gradient check runs
/// the same code in double.
/// </summary>
internal sealed class RnnNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TensorInfo[] _tensors;
    private readonly int _tensorsPerLayer;

    /// <summary>Creates a network with every weight zero.</summary>
    public RnnNetwork(CellType cell, int vocabularySize, int hiddenSize, int layers)
    {
        Cell = cell;
        VocabularySize = vocabularySize;
        HiddenSize = hiddenSize;
        Layers = layers;
        Description = CellCatalog.For(cell);
        GateRows = Description.GateRows(hiddenSize);
        _tensorsPerLayer = 3 + Description.ExtraBiases.Count; // Wxh, Whh, bh, then the extra biases
        _tensors = [.. ModelSchema.ExpectedTensors(cell, layers, hiddenSize, vocabularySize)];
        Parameters = new T[ModelSchema.ParameterCount(cell, layers, hiddenSize, vocabularySize)];
        OneHotInputRows = new T[vocabularySize * GateRows];
        PackedInputTransposed = new PackedMatrix<T>[layers];
        PackedInput = new PackedMatrix<T>[layers];
        PackedRecurrentTransposed = new PackedMatrix<T>[layers];
        PackedRecurrent = new PackedMatrix<T>[layers];
        for (int layer = 0; layer < layers; layer++)
        {
            int input = layer == 0 ? 0 : hiddenSize; // layer 0 looks its one-hot input up in OneHotInputRows instead
            PackedInputTransposed[layer] = new PackedMatrix<T>(input, GateRows);
            PackedInput[layer] = new PackedMatrix<T>(GateRows, input);
            PackedRecurrentTransposed[layer] = new PackedMatrix<T>(hiddenSize, GateRows);
            PackedRecurrent[layer] = new PackedMatrix<T>(GateRows, hiddenSize);
        }

        PackedOutputTransposed = new PackedMatrix<T>(hiddenSize, vocabularySize);
        PackedOutput = new PackedMatrix<T>(vocabularySize, hiddenSize);
    }

    public CellType Cell { get; }

    /// <summary>What the cell is: its gates, its state, its extra biases (<see cref="CellCatalog"/>).</summary>
    public CellDescription Description { get; }

    /// <summary>The parts of a layer's carried state, each <c>streams × H</c>: h, and c when the cell carries one.</summary>
    public int StatePartsPerLayer => Description.HasCellState ? 2 : 1;

    public int VocabularySize { get; }

    public int HiddenSize { get; }

    public int Layers { get; }

    /// <summary>The rows of a layer's Wxh, Whh and bh: one block of <see cref="HiddenSize"/> per gate.</summary>
    public int GateRows { get; }

    /// <summary>Every weight, tensor after tensor in model-file order, each row-major <c>[outputs, inputs]</c>.</summary>
    public T[] Parameters { get; }

    /// <summary>The tensor table of <see cref="Parameters"/>.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _tensors;

    /// <summary>
    /// Layer 0's <c>Wxhᵀ</c> <c>[V, G·H]</c>: the column of Wxh a one-hot input selects, as a row. As of the last
    /// <see cref="RefreshTransposed"/>, like the packed weights below.
    /// </summary>
    public T[] OneHotInputRows { get; }

    /// <summary><c>Wxhᵀ</c> per layer for the forward input product (none for layer 0, whose input is one-hot).</summary>
    public PackedMatrix<T>[] PackedInputTransposed { get; }

    /// <summary><c>Wxh</c> per layer for ∂L/∂x in the backward pass (none for layer 0).</summary>
    public PackedMatrix<T>[] PackedInput { get; }

    /// <summary><c>Whhᵀ</c> per layer for the forward step's product.</summary>
    public PackedMatrix<T>[] PackedRecurrentTransposed { get; }

    /// <summary><c>Whh</c> per layer for the backward step's product.</summary>
    public PackedMatrix<T>[] PackedRecurrent { get; }

    /// <summary><c>Whyᵀ</c> for the output layer's forward product.</summary>
    public PackedMatrix<T> PackedOutputTransposed { get; }

    /// <summary><c>Why</c> for ∂L/∂h in the output layer's backward pass.</summary>
    public PackedMatrix<T> PackedOutput { get; }

    /// <summary>The width of a layer's input: the vocabulary (one-hot) for layer 0, the layer below otherwise.</summary>
    public int InputSize(int layer) => layer == 0 ? VocabularySize : HiddenSize;

    /// <summary>A layer's tensors (Wxh, Whh, bh, the extra biases such as the GRU's bhn) or the output's (Why, by) in <paramref name="values"/>, which is laid out like <see cref="Parameters"/>.</summary>
    public Span<T> InputWeights(Span<T> values, int layer) => Slice(values, _tensorsPerLayer * layer);

    public Span<T> RecurrentWeights(Span<T> values, int layer) => Slice(values, _tensorsPerLayer * layer + 1);

    public Span<T> HiddenBias(Span<T> values, int layer) => Slice(values, _tensorsPerLayer * layer + 2);

    /// <summary>
    /// The layer's extra bias number <paramref name="index"/> in <see cref="CellDescription.ExtraBiases"/>, e.g. the
    /// GRU's bhn, the bias of the recurrent n-gate product inside the reset gate.
    /// </summary>
    public Span<T> ExtraBias(Span<T> values, int layer, int index) =>
        Slice(values, _tensorsPerLayer * layer + 3 + index);

    public Span<T> OutputWeights(Span<T> values) => Slice(values, _tensorsPerLayer * Layers);

    public Span<T> OutputBias(Span<T> values) => Slice(values, _tensorsPerLayer * Layers + 1);

    /// <summary>
    /// Repacks the weights the products multiply by. Call it whenever <see cref="Parameters"/> changed; packed once per
    /// update, every product of a chunk reads its B as contiguous panels.
    /// </summary>
    public void RefreshTransposed()
    {
        for (int layer = 0; layer < Layers; layer++)
        {
            Span<T> input = InputWeights(Parameters, layer);
            if (layer == 0)
            {
                WeightLayout.Transpose<T>(input, GateRows, VocabularySize, OneHotInputRows);
            }
            else
            {
                PackedInputTransposed[layer].PackTransposed(input);
                PackedInput[layer].Pack(input);
            }

            PackedRecurrentTransposed[layer].PackTransposed(RecurrentWeights(Parameters, layer));
            PackedRecurrent[layer].Pack(RecurrentWeights(Parameters, layer));
        }

        PackedOutputTransposed.PackTransposed(OutputWeights(Parameters));
        PackedOutput.Pack(OutputWeights(Parameters));
    }

    /// <summary>
    /// Seeded initialisation, bit for bit the same for a seed: weight matrices uniform in ±<paramref name="scale"/>/√H
    /// (scale 1 is PyTorch's RNN default; min-char-rnn starts about ten times smaller), biases zero except the gate
    /// block the cell's <see cref="CellTrainingDefaults.OpenGateBlock"/> names (the LSTM's forget gate), which starts
    /// at 1. The draws are float32 from <see cref="CharRnnRandom"/>, so float and double agree.
    /// </summary>
    public void Initialize(ulong seed, float scale = 1f)
    {
        var random = new CharRnnRandom(seed);
        float bound = scale / MathF.Sqrt(HiddenSize);
        Array.Clear(Parameters);
        for (int tensor = 0; tensor < _tensors.Length; tensor++)
        {
            if (_tensors[tensor].IsVector)
            {
                continue;
            }

            Span<T> weights = Slice(Parameters, tensor);
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = T.CreateTruncating((random.NextSingle() * 2f - 1f) * bound);
            }
        }

        if (CellLayers.TrainingDefaults(Cell).OpenGateBlock is { } block)
        {
            for (int layer = 0; layer < Layers; layer++)
            {
                HiddenBias(Parameters, layer).Slice(block * HiddenSize, HiddenSize).Fill(T.One);
            }
        }

        RefreshTransposed();
    }

    /// <summary>The weights as a model file (rounded to float32 when training runs in double).</summary>
    public ModelFile ToModelFile(ReadOnlySpan<T> parameters, int[] vocabulary, TrainingFacts facts)
    {
        var weights = new float[parameters.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = float.CreateTruncating(parameters[i]);
        }

        return new ModelFile(Cell, Layers, HiddenSize, vocabulary, weights, facts);
    }

    /// <summary>A network holding a model file's weights.</summary>
    public static RnnNetwork<T> FromModelFile(ModelFile model)
    {
        var network = new RnnNetwork<T>(model.Cell, model.VocabularySize, model.HiddenSize, model.Layers);
        for (int i = 0; i < model.Weights.Length; i++)
        {
            network.Parameters[i] = T.CreateTruncating(model.Weights[i]);
        }

        network.RefreshTransposed();
        return network;
    }

    private Span<T> Slice(Span<T> values, int tensor) => values.Slice(_tensors[tensor].Offset, _tensors[tensor].Length);
}
