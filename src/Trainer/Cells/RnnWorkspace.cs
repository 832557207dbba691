using System.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// The buffers one batch of streams needs to run a chunk of up to <see cref="MaxSteps"/> steps through a network,
/// forward and back. A workspace keeps nothing from one chunk to the next: the carried hidden state belongs to the
/// caller, so training, validation and the gradient check can share one.
/// </summary>
internal sealed class RnnWorkspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RnnNetwork<T> _network;
    private readonly T[][] _states;
    private readonly T[] _probabilities;
    private readonly T[] _hiddenGradient;
    private readonly T[] _belowGradient;
    private readonly T[] _preactivationGradient;
    private readonly T[] _carry;

    public RnnWorkspace(RnnNetwork<T> network, int streams, int maxSteps)
    {
        _network = network;
        Streams = streams;
        MaxSteps = maxSteps;
        int hiddenRows = maxSteps * streams * network.HiddenSize;
        _states = new T[network.Layers][];
        for (int layer = 0; layer < network.Layers; layer++)
        {
            _states[layer] = new T[hiddenRows + streams * network.HiddenSize];
        }

        _probabilities = new T[maxSteps * streams * network.VocabularySize];
        _hiddenGradient = new T[hiddenRows];
        _belowGradient = new T[network.Layers > 1 ? hiddenRows : 0];
        _preactivationGradient = new T[hiddenRows];
        _carry = new T[streams * network.HiddenSize];
    }

    public int Streams { get; }

    public int MaxSteps { get; }

    /// <summary>The length of the carried state: <c>layers × streams × H</c>.</summary>
    public int StateLength => _network.Layers * Streams * _network.HiddenSize;

    /// <summary>
    /// Runs <paramref name="steps"/> steps. <paramref name="inputs"/> and <paramref name="targets"/> hold one id per
    /// (step, stream), step-major. <paramref name="state"/> holds each layer's state on entry and the final one on return.
    /// Returns the summed loss in nats.
    /// </summary>
    public double Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int steps, Span<T> state)
    {
        if (steps < 1 || steps > MaxSteps || inputs.Length < steps * Streams || targets.Length < steps * Streams
            || state.Length != StateLength)
        {
            throw new ArgumentException("The chunk does not fit this workspace.");
        }

        int slot = Streams * _network.HiddenSize;
        for (int layer = 0; layer < _network.Layers; layer++)
        {
            Span<T> states = _states[layer];
            state.Slice(layer * slot, slot).CopyTo(states);
            RnnLayer.Forward(_network, layer, inputs, Below(layer, steps), states, Streams, steps);
            states.Slice(steps * slot, slot).CopyTo(state.Slice(layer * slot, slot));
        }

        return SoftmaxOutput.Forward(_network, Outputs(_network.Layers - 1, steps), targets, _probabilities, steps * Streams);
    }

    /// <summary>
    /// After <see cref="Forward"/> on the same chunk: adds <paramref name="scale"/> × ∂(summed loss)/∂θ to
    /// <paramref name="gradients"/>, which is laid out like the network's parameters.
    /// </summary>
    public void Backward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int steps, T scale, Span<T> gradients)
    {
        int top = _network.Layers - 1;
        SoftmaxOutput.Backward(_network, Outputs(top, steps), targets, _probabilities, steps * Streams, scale,
            _hiddenGradient, gradients);
        T[] outputGradient = _hiddenGradient;
        T[] belowGradient = _belowGradient;
        for (int layer = top; layer >= 0; layer--)
        {
            RnnLayer.Backward(_network, layer, inputs, Below(layer, steps), _states[layer], Streams, steps, outputGradient,
                _preactivationGradient, _carry, belowGradient, gradients);
            (outputGradient, belowGradient) = (belowGradient, outputGradient);
        }
    }

    // A layer's h_1..h_steps, one row per (step, stream).
    private ReadOnlySpan<T> Outputs(int layer, int steps)
    {
        int slot = Streams * _network.HiddenSize;
        return _states[layer].AsSpan(slot, steps * slot);
    }

    private ReadOnlySpan<T> Below(int layer, int steps) => layer == 0 ? default : Outputs(layer - 1, steps);
}
