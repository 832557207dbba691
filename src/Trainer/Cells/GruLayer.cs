using System.Numerics;
using System.Numerics.Tensors;

namespace CharRnn.Training.Cells;

/// <summary>
/// One GRU layer over a chunk, forward and backward side by side. Gate blocks [r, z, n], as PyTorch has them:
/// <c>ax = bh + Wxh·x</c>, <c>ah = Whh·h_{t−1}</c>; <c>r = σ(ax_r + ah_r)</c>, <c>z = σ(ax_z + ah_z)</c>;
/// <c>n = tanh(ax_n + r⊙(ah_n + bhn))</c>; <c>h_t = (1 − z)⊙n + z⊙h_{t−1}</c>.
/// </summary>
internal static class GruLayer
{
    /// <summary>Fills slots 1..steps of h from slot 0 and the inputs, keeping r, z, n and <c>ah_n + bhn</c>.</summary>
    public static void Forward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = network.HiddenSize;
        int width = network.GateRows;
        int slot = streams * hidden;
        Span<T> states = buffers.States, gates = buffers.Gates;
        Span<T> recurrent = scratch.StepProduct;
        ReadOnlySpan<T> candidateBias = network.RecurrentBias(network.Parameters, layer);
        LayerProducts.InputProjection(network, layer, ids, below, gates, streams * steps);
        for (int t = 0; t < steps; t++)
        {
            recurrent.Clear();
            LayerProducts.RecurrentProjection(network, layer, states.Slice(t * slot, slot), recurrent, streams);
            for (int s = 0; s < streams; s++)
            {
                int at = t * slot + s * hidden;
                Span<T> a = gates.Slice((t * streams + s) * width, width);
                ReadOnlySpan<T> ah = recurrent.Slice(s * width, width);
                Span<T> rz = a[..(2 * hidden)];
                TensorPrimitives.Add<T>(rz, ah[..(2 * hidden)], rz);
                TensorPrimitives.Sigmoid<T>(rz, rz);
                Span<T> candidate = buffers.RecurrentCandidate.AsSpan(at, hidden);
                TensorPrimitives.Add<T>(ah[(2 * hidden)..], candidateBias, candidate);
                Span<T> n = a[(2 * hidden)..];
                TensorPrimitives.MultiplyAdd<T>(a[..hidden], candidate, n, n);
                TensorPrimitives.Tanh<T>(n, n);
                ReadOnlySpan<T> z = a.Slice(hidden, hidden);
                ReadOnlySpan<T> previous = states.Slice(at, hidden);
                Span<T> h = states.Slice(at + slot, hidden);
                for (int j = 0; j < hidden; j++)
                {
                    h[j] = (T.One - z[j]) * n[j] + z[j] * previous[j];
                }
            }
        }
    }

    /// <summary>
    /// Backpropagates through the chunk (truncated at the carried-in h), adds the layer's weight gradients (bhn's
    /// too) and writes ∂L/∂x to <paramref name="belowGradient"/> (layers above 0).
    /// </summary>
    public static void Backward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps, ReadOnlySpan<T> outputGradient,
        Span<T> belowGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = network.HiddenSize;
        int width = network.GateRows;
        int slot = streams * hidden;
        ReadOnlySpan<T> states = buffers.States;
        Span<T> carry = scratch.Carry;
        Span<T> candidateBiasGradient = network.RecurrentBias(gradients, layer);
        carry.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            scratch.TraceHiddenGradient(t, outputGradient.Slice(t * slot, slot), carry);
            for (int s = 0; s < streams; s++)
            {
                int at = t * slot + s * hidden;
                int row = (t * streams + s) * width;
                ReadOnlySpan<T> gate = buffers.Gates.AsSpan(row, width);
                ReadOnlySpan<T> candidate = buffers.RecurrentCandidate.AsSpan(at, hidden);
                ReadOnlySpan<T> previous = states.Slice(at, hidden);
                Span<T> dx = scratch.InputGradient.AsSpan(row, width);
                Span<T> dh = scratch.RecurrentGradient.AsSpan(row, width);
                for (int j = 0; j < hidden; j++)
                {
                    T r = gate[j], z = gate[hidden + j], n = gate[2 * hidden + j];
                    T dOut = outputGradient[at + j] + carry[s * hidden + j];
                    T dn = dOut * (T.One - z) * (T.One - n * n);
                    T dr = dn * candidate[j] * r * (T.One - r);
                    T dz = dOut * (previous[j] - n) * z * (T.One - z);
                    dx[j] = dh[j] = dr;
                    dx[hidden + j] = dh[hidden + j] = dz;
                    dx[2 * hidden + j] = dn;
                    dh[2 * hidden + j] = dn * r;
                    carry[s * hidden + j] = dOut * z; // the direct path; the Whh path is added below
                }

                TensorPrimitives.Add<T>(candidateBiasGradient, dh[(2 * hidden)..], candidateBiasGradient);
            }

            if (t > 0)
            {
                Span<T> stepGradient = scratch.RecurrentGradient.AsSpan(t * streams * width, streams * width);
                Span<T> direct = scratch.StepProduct.AsSpan(0, slot);
                carry.CopyTo(direct);
                LayerProducts.RecurrentGradient(network, layer, stepGradient, carry, streams);
                TensorPrimitives.Add<T>(carry, direct, carry);
            }
        }

        LayerProducts.AccumulateGradients(network, layer, ids, below, states, scratch, streams * steps, belowGradient,
            gradients);
    }
}
