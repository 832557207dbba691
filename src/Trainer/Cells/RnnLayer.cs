using System.Numerics;
using CharRnn.Training.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// One vanilla RNN layer over a chunk of time steps for a batch of streams, forward and backward side by side:
/// <c>a_t = bh + Wxh·x_t + Whh·h_{t−1}</c>, <c>h_t = tanh(a_t)</c>.
/// </summary>
/// <remarks>The pre-activations are built in the state slots and squashed in place, so the layer needs no gate buffer.</remarks>
internal sealed class RnnLayer : ICellLayer
{
    public CellType Cell => CellType.Rnn;

    public LayerNeeds Needs => LayerNeeds.None;

    /// <summary>
    /// Adam above char-rnn's rate: with its chunk length and dropout it ends its runs at a lower validation loss with
    /// it. Half char-rnn's chunk length: its tanh state forgets within a few dozen characters, so a longer chunk adds
    /// little to what it learns while halving its updates per epoch. The least dropout of the cells, and no resets, its
    /// state being bounded. The runs are in docs/training.md.
    /// </summary>
    public CellTrainingDefaults TrainingDefaults { get; } = new()
    {
        AdamLearningRate = 3e-3,
        ChunkLength = 25,
        Dropout = 0.05,
        ResetEvery = 0,
    };

    /// <summary>Fills slots 1..steps of the states from slot 0 and the inputs.</summary>
    public void Forward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int slot = streams * network.HiddenSize;
        Span<T> states = buffers.States;
        LayerProducts.InputProjection(network, layer, ids, below, states.Slice(slot, steps * slot), streams * steps);
        for (int t = 0; t < steps; t++)
        {
            Span<T> a = states.Slice((t + 1) * slot, slot);
            LayerProducts.RecurrentProjection(network, layer, states.Slice(t * slot, slot), a, streams);
            ElementWise.Tanh<T>(a, a);
        }
    }

    /// <summary>
    /// Backpropagates through the chunk (truncated: nothing flows into the carried-in state), adds the layer's
    /// weight gradients and writes ∂L/∂x to <paramref name="belowGradient"/> (layers above 0).
    /// </summary>
    /// <param name="outputGradient">∂L/∂h_t from above, one row per (step, stream).</param>
    public void Backward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps, ReadOnlySpan<T> outputGradient,
        Span<T> belowGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int slot = streams * network.HiddenSize;
        ReadOnlySpan<T> states = buffers.States;
        Span<T> carry = scratch.Carry;
        carry.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            ReadOnlySpan<T> h = states.Slice((t + 1) * slot, slot);
            ReadOnlySpan<T> dh = outputGradient.Slice(t * slot, slot);
            scratch.TraceHiddenGradient(t, dh, carry);
            Span<T> da = scratch.InputGradient.AsSpan(t * slot, slot);
            for (int i = 0; i < slot; i++)
            {
                da[i] = (dh[i] + carry[i]) * (T.One - h[i] * h[i]); // tanh' = 1 − tanh²
            }

            if (t > 0)
            {
                LayerProducts.RecurrentGradient(network, layer, da, carry, streams);
            }
        }

        LayerProducts.AccumulateGradients(network, layer, ids, below, states, scratch, streams * steps, belowGradient,
            gradients);
    }
}
