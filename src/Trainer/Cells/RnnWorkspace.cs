using System.Numerics;
using System.Numerics.Tensors;
using CharRnn.ModelFormat;
using CharRnn.CompilerServices;

namespace CharRnn.Training.Cells;

/// <summary>
/// The buffers one batch of streams needs to run a chunk of up to <see cref="MaxSteps"/> steps through a network,
/// forward and back. A workspace keeps nothing from one chunk to the next: the carried state belongs to the
/// caller, so training, validation and the gradient check can share one.
/// </summary>
internal sealed class RnnWorkspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RnnNetwork<T> _network;
    private readonly LayerBuffers<T>[] _layers;
    private readonly BackwardBuffers<T> _scratch;
    private readonly T[] _probabilities;
    private readonly T[] _hiddenGradient;
    private readonly T[] _belowGradient;

    // Dropout: _masks[l] scales the input of layer l (l ≥ 1) and _masks[Layers] the output layer's input;
    // _dropped[l] holds the scaled copy. Empty when the dropout probability is 0.
    private readonly T[][] _masks;
    private readonly T[][] _dropped;
    private bool _dropoutActive;

    public RnnWorkspace(RnnNetwork<T> network, int streams, int maxSteps, float dropout = 0)
    {
        _network = network;
        Streams = streams;
        MaxSteps = maxSteps;
        DropoutProbability = dropout;
        int hidden = network.HiddenSize;
        int hiddenRows = maxSteps * streams * hidden;
        _layers = new LayerBuffers<T>[network.Layers];
        for (int layer = 0; layer < network.Layers; layer++)
        {
            _layers[layer] = new LayerBuffers<T>(network, streams, maxSteps);
        }

        _scratch = new BackwardBuffers<T>(network, streams, maxSteps);
        _probabilities = new T[maxSteps * streams * network.VocabularySize];
        _hiddenGradient = new T[hiddenRows];
        _belowGradient = new T[network.Layers > 1 ? hiddenRows : 0];
        int masked = dropout > 0 ? network.Layers + 1 : 0;
        _masks = new T[masked][];
        _dropped = new T[masked][];
        for (int layer = 1; layer < masked; layer++)
        {
            _masks[layer] = new T[hiddenRows];
            _dropped[layer] = new T[hiddenRows];
        }
    }

    public int Streams { get; }

    public int MaxSteps { get; }

    /// <summary>The probability of zeroing a unit between layers and before the output layer in training chunks.</summary>
    public float DropoutProbability { get; }

    /// <summary>The length of the carried state: per layer h (and c, for a cell that carries one), each <c>streams × H</c>.</summary>
    public int StateLength => _network.Layers * StatePartsPerLayer * Streams * _network.HiddenSize;

    private int StatePartsPerLayer => _network.StatePartsPerLayer;

    /// <summary>Zeroes one stream's part of a carried <paramref name="state"/>: its h (and c) in every layer.</summary>
    public void ResetStream(Span<T> state, int stream)
    {
        int hidden = _network.HiddenSize, slot = Streams * hidden;
        for (int part = 0; part < _network.Layers * StatePartsPerLayer; part++)
        {
            state.Slice(part * slot + stream * hidden, hidden).Clear();
        }
    }

    /// <summary>
    /// Runs <paramref name="steps"/> steps. <paramref name="inputs"/> and <paramref name="targets"/> hold one id per
    /// (step, stream), step-major. <paramref name="state"/> holds each layer's state on entry and the final one on return.
    /// With a <paramref name="dropoutSeed"/> (training) and a dropout probability above 0, units are dropped with masks
    /// drawn from that seed; without one (evaluation) nothing is dropped. Returns the summed loss in nats.
    /// </summary>
    public double Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int steps, Span<T> state,
        ulong? dropoutSeed = null)
    {
        if (steps < 1 || steps > MaxSteps || inputs.Length < steps * Streams || targets.Length < steps * Streams
            || state.Length != StateLength)
        {
            throw new ArgumentException("The chunk does not fit this workspace.");
        }

        _dropoutActive = dropoutSeed.HasValue && DropoutProbability > 0;
        var random = new CharRnnRandom(dropoutSeed ?? 0);
        int slot = Streams * _network.HiddenSize;
        int parts = StatePartsPerLayer;
        for (int layer = 0; layer < _network.Layers; layer++)
        {
            LayerBuffers<T> buffers = _layers[layer];
            Span<T> carried = state.Slice(layer * parts * slot, parts * slot);
            carried[..slot].CopyTo(buffers.States);
            if (parts == 2)
            {
                carried[slot..].CopyTo(buffers.Cells);
            }

            ReadOnlySpan<T> below = layer == 0 ? default : Input(layer, steps, ref random);
            CellLayers.Forward(_network, layer, inputs, below, buffers, _scratch, Streams, steps);

            buffers.States.AsSpan(steps * slot, slot).CopyTo(carried);
            if (parts == 2)
            {
                buffers.Cells.AsSpan(steps * slot, slot).CopyTo(carried[slot..]);
            }
        }

        return SoftmaxOutput.Forward(_network, Input(_network.Layers, steps, ref random), targets, _probabilities, steps * Streams);
    }

    /// <summary>
    /// After <see cref="Forward"/> on the same chunk: adds <paramref name="scale"/> × ∂(summed loss)/∂θ to
    /// <paramref name="gradients"/>, which is laid out like the network's parameters.
    /// </summary>
    public void Backward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int steps, T scale, Span<T> gradients)
    {
        int rows = steps * Streams * _network.HiddenSize;
        int top = _network.Layers;
        SoftmaxOutput.Backward(_network, DroppedOrOutputs(top, steps), targets, _probabilities, steps * Streams, scale,
            _hiddenGradient, gradients);
        T[] outputGradient = _hiddenGradient;
        T[] belowGradient = _belowGradient;
        UndoDropout(top, outputGradient.AsSpan(0, rows));
        for (int layer = top - 1; layer >= 0; layer--)
        {
            ReadOnlySpan<T> below = layer == 0 ? default : DroppedOrOutputs(layer, steps);
            LayerBuffers<T> buffers = _layers[layer];
            CellLayers.Backward(_network, layer, inputs, below, buffers, _scratch, Streams, steps, outputGradient,
                belowGradient, gradients);

            if (layer > 0)
            {
                UndoDropout(layer, belowGradient.AsSpan(0, rows));
            }

            (outputGradient, belowGradient) = (belowGradient, outputGradient);
        }
    }

    // The input of layer `layer` (the output layer when it equals Layers): the layer below's h_1..h_steps, with fresh
    // dropout masks applied in training chunks.
    private ReadOnlySpan<T> Input(int layer, int steps, ref CharRnnRandom random)
    {
        ReadOnlySpan<T> outputs = Outputs(layer - 1, steps);
        if (!_dropoutActive)
        {
            return outputs;
        }

        Span<T> mask = _masks[layer].AsSpan(0, outputs.Length);
        Span<T> dropped = _dropped[layer].AsSpan(0, outputs.Length);
        Dropout.FillMask(mask, DropoutProbability, ref random);
        TensorPrimitives.Multiply(outputs, mask, dropped);
        return dropped;
    }

    private ReadOnlySpan<T> DroppedOrOutputs(int layer, int steps) =>
        _dropoutActive ? _dropped[layer].AsSpan(0, steps * Streams * _network.HiddenSize) : Outputs(layer - 1, steps);

    // ∂L/∂(dropped input) → ∂L/∂(layer below's h): the same mask scales the gradient.
    private void UndoDropout(int layer, Span<T> gradient)
    {
        if (_dropoutActive)
        {
            TensorPrimitives.Multiply(gradient, _masks[layer].AsSpan(0, gradient.Length), gradient);
        }
    }

    // A layer's h_1..h_steps, one row per (step, stream).
    private ReadOnlySpan<T> Outputs(int layer, int steps)
    {
        int slot = Streams * _network.HiddenSize;
        return _layers[layer].States.AsSpan(slot, steps * slot);
    }
}
