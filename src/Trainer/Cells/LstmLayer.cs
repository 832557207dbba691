using System.Numerics;
using System.Numerics.Tensors;

namespace CharRnn.Training.Cells;

/// <summary>
/// One LSTM layer over a chunk, forward and backward side by side. Gate blocks [i, f, g, o]:
/// <c>a = bh + Wxh·x + Whh·h_{t−1}</c>; <c>i, f, o = σ(a_i, a_f, a_o)</c>, <c>g = tanh(a_g)</c>;
/// <c>c_t = f⊙c_{t−1} + i⊙g</c>; <c>h_t = o⊙tanh(c_t)</c>.
/// </summary>
internal static class LstmLayer
{
    /// <summary>Fills slots 1..steps of h and c from slot 0 and the inputs, keeping the gates for the backward pass.</summary>
    public static void Forward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, int streams, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = network.HiddenSize;
        int width = network.GateRows;
        int slot = streams * hidden;
        Span<T> states = buffers.States, cells = buffers.Cells, gates = buffers.Gates;
        LayerProducts.InputProjection(network, layer, ids, below, gates, streams * steps);
        for (int t = 0; t < steps; t++)
        {
            Span<T> stepGates = gates.Slice(t * streams * width, streams * width);
            LayerProducts.RecurrentProjection(network, layer, states.Slice(t * slot, slot), stepGates, streams);
            for (int s = 0; s < streams; s++)
            {
                Span<T> a = stepGates.Slice(s * width, width);
                TensorPrimitives.Sigmoid<T>(a[..(2 * hidden)], a[..(2 * hidden)]); // i, f
                TensorPrimitives.Tanh<T>(a.Slice(2 * hidden, hidden), a.Slice(2 * hidden, hidden)); // g
                TensorPrimitives.Sigmoid<T>(a[(3 * hidden)..], a[(3 * hidden)..]); // o
                int at = t * slot + s * hidden;
                Span<T> c = cells.Slice(at + slot, hidden);
                Span<T> tanhC = buffers.CellTanh.AsSpan(at, hidden);
                TensorPrimitives.Multiply<T>(a.Slice(hidden, hidden), cells.Slice(at, hidden), c);
                TensorPrimitives.MultiplyAdd<T>(a[..hidden], a.Slice(2 * hidden, hidden), c, c);
                TensorPrimitives.Tanh<T>(c, tanhC);
                TensorPrimitives.Multiply<T>(a[(3 * hidden)..], tanhC, states.Slice(at + slot, hidden));
            }
        }
    }

    /// <summary>
    /// Backpropagates through the chunk (truncated at the carried-in h and c), adds the layer's weight gradients and
    /// writes ∂L/∂x to <paramref name="belowGradient"/> (layers above 0).
    /// </summary>
    public static void Backward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps, ReadOnlySpan<T> outputGradient,
        Span<T> belowGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = network.HiddenSize;
        int width = network.GateRows;
        int slot = streams * hidden;
        ReadOnlySpan<T> cells = buffers.Cells;
        Span<T> carry = scratch.Carry, cellCarry = scratch.CellCarry;
        carry.Clear();
        cellCarry.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            scratch.TraceHiddenGradient(t, outputGradient.Slice(t * slot, slot), carry);
            for (int s = 0; s < streams; s++)
            {
                int at = t * slot + s * hidden;
                int row = (t * streams + s) * width;
                ReadOnlySpan<T> gate = buffers.Gates.AsSpan(row, width);
                Span<T> da = scratch.InputGradient.AsSpan(row, width);
                ReadOnlySpan<T> previousCell = cells.Slice(at, hidden);
                ReadOnlySpan<T> tanhC = buffers.CellTanh.AsSpan(at, hidden);
                for (int j = 0; j < hidden; j++)
                {
                    T i = gate[j], f = gate[hidden + j], g = gate[2 * hidden + j], o = gate[3 * hidden + j];
                    T dh = outputGradient[at + j] + carry[s * hidden + j];
                    T dc = cellCarry[s * hidden + j] + dh * o * (T.One - tanhC[j] * tanhC[j]);
                    da[j] = dc * g * i * (T.One - i);
                    da[hidden + j] = dc * previousCell[j] * f * (T.One - f);
                    da[2 * hidden + j] = dc * i * (T.One - g * g);
                    da[3 * hidden + j] = dh * tanhC[j] * o * (T.One - o);
                    cellCarry[s * hidden + j] = dc * f;
                }
            }

            if (t > 0)
            {
                LayerProducts.RecurrentGradient(network, layer, scratch.InputGradient.AsSpan(t * streams * width, streams * width),
                    carry, streams);
            }
        }

        LayerProducts.AccumulateGradients(network, layer, ids, below, buffers.States, scratch, streams * steps, belowGradient,
            gradients);
    }
}
