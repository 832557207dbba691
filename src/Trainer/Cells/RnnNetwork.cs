using System.Numerics;
using CharRnn.Inference;
using CharRnn.ModelFormat;
using CharRnn.Training.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// The weights of a stacked recurrent network (vanilla RNN, LSTM or GRU layers) with a softmax output, in one flat
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
        GateRows = CellNames.GateCount(cell) * hiddenSize;
        _tensorsPerLayer = cell == CellType.Gru ? 4 : 3;
        _tensors = [.. ModelSchema.ExpectedTensors(cell, layers, hiddenSize, vocabularySize)];
        Parameters = new T[ModelSchema.ParameterCount(cell, layers, hiddenSize, vocabularySize)];
        InputWeightsTransposed = new T[layers][];
        RecurrentWeightsTransposed = new T[layers][];
        PackedRecurrentTransposed = new PackedMatrix<T>[layers];
        PackedRecurrent = new PackedMatrix<T>[layers];
        for (int layer = 0; layer < layers; layer++)
        {
            InputWeightsTransposed[layer] = new T[InputSize(layer) * GateRows];
            RecurrentWeightsTransposed[layer] = new T[hiddenSize * GateRows];
            PackedRecurrentTransposed[layer] = new PackedMatrix<T>(hiddenSize, GateRows);
            PackedRecurrent[layer] = new PackedMatrix<T>(GateRows, hiddenSize);
        }

        OutputWeightsTransposed = new T[hiddenSize * vocabularySize];
    }

    public CellType Cell { get; }

    public int VocabularySize { get; }

    public int HiddenSize { get; }

    public int Layers { get; }

    /// <summary>The rows of a layer's Wxh, Whh and bh: one block of <see cref="HiddenSize"/> per gate.</summary>
    public int GateRows { get; }

    /// <summary>Every weight, tensor after tensor in model-file order, each row-major <c>[outputs, inputs]</c>.</summary>
    public T[] Parameters { get; }

    /// <summary>The tensor table of <see cref="Parameters"/>.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _tensors;

    /// <summary><c>Wxhᵀ</c> per layer, input-major, as of the last <see cref="RefreshTransposed"/>.</summary>
    public T[][] InputWeightsTransposed { get; }

    /// <summary><c>Whhᵀ</c> per layer, as of the last <see cref="RefreshTransposed"/>.</summary>
    public T[][] RecurrentWeightsTransposed { get; }

    /// <summary><c>Whhᵀ</c> per layer packed for the forward step's product, as of the last <see cref="RefreshTransposed"/>.</summary>
    public PackedMatrix<T>[] PackedRecurrentTransposed { get; }

    /// <summary><c>Whh</c> per layer packed for the backward step's product, as of the last <see cref="RefreshTransposed"/>.</summary>
    public PackedMatrix<T>[] PackedRecurrent { get; }

    /// <summary><c>Whyᵀ</c>, as of the last <see cref="RefreshTransposed"/>.</summary>
    public T[] OutputWeightsTransposed { get; }

    /// <summary>The width of a layer's input: the vocabulary (one-hot) for layer 0, the layer below otherwise.</summary>
    public int InputSize(int layer) => layer == 0 ? VocabularySize : HiddenSize;

    /// <summary>A layer's tensors (Wxh, Whh, bh, the GRU's bhn) or the output's (Why, by) in <paramref name="values"/>, which is laid out like <see cref="Parameters"/>.</summary>
    public Span<T> InputWeights(Span<T> values, int layer) => Slice(values, _tensorsPerLayer * layer);

    public Span<T> RecurrentWeights(Span<T> values, int layer) => Slice(values, _tensorsPerLayer * layer + 1);

    public Span<T> HiddenBias(Span<T> values, int layer) => Slice(values, _tensorsPerLayer * layer + 2);

    /// <summary>The GRU's bhn: the bias of the recurrent n-gate product, inside the reset gate.</summary>
    public Span<T> RecurrentBias(Span<T> values, int layer) => Slice(values, _tensorsPerLayer * layer + 3);

    public Span<T> OutputWeights(Span<T> values) => Slice(values, _tensorsPerLayer * Layers);

    public Span<T> OutputBias(Span<T> values) => Slice(values, _tensorsPerLayer * Layers + 1);

    /// <summary>
    /// Recomputes the transposed copies the forward pass multiplies by. Call it whenever <see cref="Parameters"/> changed;
    /// the copies turn every product into the one <see cref="Gemm"/> shape that streams rows.
    /// </summary>
    public void RefreshTransposed()
    {
        for (int layer = 0; layer < Layers; layer++)
        {
            WeightLayout.Transpose<T>(InputWeights(Parameters, layer), GateRows, InputSize(layer), InputWeightsTransposed[layer]);
            WeightLayout.Transpose<T>(RecurrentWeights(Parameters, layer), GateRows, HiddenSize, RecurrentWeightsTransposed[layer]);
            PackedRecurrentTransposed[layer].Pack(RecurrentWeightsTransposed[layer], 0);
            PackedRecurrent[layer].Pack(Parameters, _tensors[_tensorsPerLayer * layer + 1].Offset);
        }

        WeightLayout.Transpose<T>(OutputWeights(Parameters), VocabularySize, HiddenSize, OutputWeightsTransposed);
    }

    /// <summary>
    /// Seeded initialisation, bit for bit the same for a seed: weight matrices uniform in ±1/√H (PyTorch's RNN
    /// default), biases zero except the LSTM's forget gate, which starts at 1 so the cell remembers from the first
    /// step (Jozefowicz et al. 2015). The draws are float32 from <see cref="CharRnnRandom"/>, so float and double agree.
    /// </summary>
    public void Initialize(ulong seed)
    {
        var random = new CharRnnRandom(seed);
        float bound = 1f / MathF.Sqrt(HiddenSize);
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

        if (Cell == CellType.Lstm)
        {
            for (int layer = 0; layer < Layers; layer++)
            {
                HiddenBias(Parameters, layer).Slice(HiddenSize, HiddenSize).Fill(T.One); // blocks i, f, g, o
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
