using System.Numerics;
using CharRnn.ModelFormat;
using CharRnn.Training.Cells;

namespace CharRnn.Training.Course;

/// <summary>
/// One recurrent layer of the project's cells (<see cref="CellLayers"/>) that reads a batch of whole sequences and is
/// trained from a loss on its last state alone: the shape of the course's sequence-to-one tasks (recall the first
/// symbol, predict the next value), where the char trainer puts a loss on every step. The head that turns the last
/// state into a loss belongs to the caller.
/// </summary>
internal sealed class LastStepNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerBuffers<T> _buffers;
    private readonly BackwardBuffers<T> _scratch;
    private readonly T[] _outputGradient;

    public LastStepNetwork(RnnNetwork<T> network, int streams, int steps)
    {
        if (network.Layers != 1)
        {
            throw new ArgumentException("The course tasks run one layer.", nameof(network));
        }

        Network = network;
        Streams = streams;
        Steps = steps;
        _buffers = new LayerBuffers<T>(network, streams, steps);
        _scratch = new BackwardBuffers<T>(network, streams, steps);
        _outputGradient = new T[steps * Slot];
    }

    public RnnNetwork<T> Network { get; }

    public int Streams { get; }

    /// <summary>The length of every sequence.</summary>
    public int Steps { get; }

    /// <summary>The length of a state: h (and c, for a cell that carries one, like the LSTM), each <c>streams × H</c>.</summary>
    public int StateLength => Network.StatePartsPerLayer * Slot;

    /// <summary>
    /// After <see cref="TraceHiddenGradients"/>: ∂L/∂h_t of the last <see cref="Backward"/>, one H row per
    /// (step, stream), step-major.
    /// </summary>
    public ReadOnlySpan<T> HiddenGradients => _scratch.HiddenGradientTrace;

    private int Slot => Streams * Network.HiddenSize;

    /// <summary>Makes every later <see cref="Backward"/> record ∂L/∂h_t of each step in <see cref="HiddenGradients"/>.</summary>
    public void TraceHiddenGradients() => _scratch.HiddenGradientTrace = new T[Steps * Slot];

    /// <summary>
    /// Runs the sequences (<paramref name="inputs"/>: one id per (step, stream), step-major) from the zero state, or
    /// from <paramref name="initialState"/> (h, then the LSTM's c) when given, and returns h after the last step,
    /// one H row per stream.
    /// </summary>
    public ReadOnlySpan<T> Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<T> initialState = default)
    {
        if (inputs.Length != Steps * Streams || (!initialState.IsEmpty && initialState.Length != StateLength))
        {
            throw new ArgumentException("The sequences do not fit this network.");
        }

        _buffers.States.AsSpan(0, Slot).Clear();
        _buffers.Cells.AsSpan(0, Math.Min(Slot, _buffers.Cells.Length)).Clear();
        if (!initialState.IsEmpty)
        {
            initialState[..Slot].CopyTo(_buffers.States);
            initialState[Slot..].CopyTo(_buffers.Cells);
        }

        CellLayers.Forward(Network, 0, inputs, default, _buffers, _scratch, Streams, Steps);
        return _buffers.States.AsSpan(Steps * Slot, Slot);
    }

    /// <summary>
    /// After <see cref="Forward"/> on the same inputs: backpropagates ∂L/∂h_last (<paramref name="lastGradient"/>, one
    /// H row per stream) through every step and adds the layer's ∂L/∂θ to <paramref name="gradients"/>, laid out like
    /// the network's parameters (the output tensors are the head's to fill).
    /// </summary>
    public void Backward(ReadOnlySpan<int> inputs, ReadOnlySpan<T> lastGradient, Span<T> gradients)
    {
        lastGradient.CopyTo(_outputGradient.AsSpan((Steps - 1) * Slot, Slot)); // the steps before feel the loss only through h
        CellLayers.Backward(Network, 0, inputs, default, _buffers, _scratch, Streams, Steps, _outputGradient, default, gradients);
    }
}
