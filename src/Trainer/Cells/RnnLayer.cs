using System.Numerics;
using System.Numerics.Tensors;
using CharRnn.Training.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// One vanilla RNN layer over a chunk of time steps for a batch of streams, forward and backward side by side:
/// <c>a_t = Wxh·x_t + Whh·h_{t−1} + bh</c>, <c>h_t = tanh(a_t)</c>. Layer 0 reads one-hot character ids (a column
/// of Wxh); higher layers read the hidden states of the layer below.
/// </summary>
/// <remarks>
/// Buffers are row-major with one row per (step, stream), step-major: row <c>t·streams + s</c>. <c>states</c> holds
/// <c>steps + 1</c> slots of <c>streams × H</c>: slot 0 is the state carried in from the previous chunk, slot t+1 is
/// <c>h_t</c>. Only the recurrence runs step by step; the input products and every weight gradient run once per chunk.
/// </remarks>
internal static class RnnLayer
{
    /// <summary>Fills slots 1..steps of <paramref name="states"/> from slot 0 and the inputs.</summary>
    /// <param name="ids">Layer 0's inputs, one id per row.</param>
    /// <param name="below">The layer below's slots 1..steps (ignored for layer 0).</param>
    public static void Forward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        Span<T> states, int streams, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = network.HiddenSize;
        int slot = streams * hidden;
        int rows = streams * steps;
        Span<T> preactivations = states.Slice(slot, rows * hidden);
        ReadOnlySpan<T> bias = network.HiddenBias(network.Parameters, layer);
        ReadOnlySpan<T> inputWeightsT = network.InputWeightsTransposed[layer];
        for (int row = 0; row < rows; row++)
        {
            Span<T> a = preactivations.Slice(row * hidden, hidden);
            if (layer == 0)
            {
                TensorPrimitives.Add(bias, inputWeightsT.Slice(ids[row] * hidden, hidden), a);
            }
            else
            {
                bias.CopyTo(a);
            }
        }

        if (layer > 0)
        {
            Gemm.MultiplyAdd(below, inputWeightsT, preactivations, rows, hidden, hidden);
        }

        ReadOnlySpan<T> recurrentT = network.RecurrentWeightsTransposed[layer];
        for (int t = 0; t < steps; t++)
        {
            Span<T> a = states.Slice((t + 1) * slot, slot);
            Gemm.MultiplyAdd(states.Slice(t * slot, slot), recurrentT, a, streams, hidden, hidden);
            TensorPrimitives.Tanh(a, a);
        }
    }

    /// <summary>
    /// Backpropagates through the chunk (truncated: nothing flows into the carried-in state) and adds the layer's
    /// weight gradients to <paramref name="gradients"/>.
    /// </summary>
    /// <param name="outputGradient">∂L/∂h_t from above (the output layer or the next layer), one row per (step, stream).</param>
    /// <param name="preactivationGradient">Work space for ∂L/∂a_t, as long as <paramref name="outputGradient"/>.</param>
    /// <param name="carry">Work space for one step's ∂L/∂h_{t−1}, <c>streams × H</c>.</param>
    /// <param name="belowGradient">Receives ∂L/∂(layer below's h_t); unused for layer 0.</param>
    public static void Backward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        ReadOnlySpan<T> states, int streams, int steps, ReadOnlySpan<T> outputGradient, Span<T> preactivationGradient,
        Span<T> carry, Span<T> belowGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = network.HiddenSize;
        int slot = streams * hidden;
        int rows = streams * steps;
        ReadOnlySpan<T> recurrent = network.RecurrentWeights(network.Parameters, layer);
        carry.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            ReadOnlySpan<T> h = states.Slice((t + 1) * slot, slot);
            ReadOnlySpan<T> dh = outputGradient.Slice(t * slot, slot);
            Span<T> da = preactivationGradient.Slice(t * slot, slot);
            for (int i = 0; i < slot; i++)
            {
                da[i] = (dh[i] + carry[i]) * (T.One - h[i] * h[i]); // tanh' = 1 − tanh²
            }

            if (t > 0)
            {
                carry.Clear();
                Gemm.MultiplyAdd(da, recurrent, carry, streams, hidden, hidden);
            }
        }

        ReadOnlySpan<T> allGradients = preactivationGradient[..(rows * hidden)];
        Gemm.TransposedMultiplyAdd(allGradients, states[..(rows * hidden)],
            network.RecurrentWeights(gradients, layer), hidden, rows, hidden);
        Span<T> biasGradient = network.HiddenBias(gradients, layer);
        Span<T> inputGradient = network.InputWeights(gradients, layer);
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<T> da = allGradients.Slice(row * hidden, hidden);
            TensorPrimitives.Add(biasGradient, da, biasGradient);
            if (layer == 0)
            {
                // ∂L/∂Wxh[:, id] += ∂L/∂a: a one-hot input touches one column of Wxh [H, V].
                int vocabulary = network.VocabularySize;
                for (int i = 0; i < hidden; i++)
                {
                    inputGradient[i * vocabulary + ids[row]] += da[i];
                }
            }
        }

        if (layer > 0)
        {
            Gemm.TransposedMultiplyAdd(allGradients, below, inputGradient, hidden, rows, hidden);
            belowGradient[..(rows * hidden)].Clear();
            Gemm.MultiplyAdd(allGradients, network.InputWeights(network.Parameters, layer), belowGradient, rows, hidden, hidden);
        }
    }
}
