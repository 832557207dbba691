using System.Numerics;
using System.Numerics.Tensors;
using CharRnn.Training.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// One GRU layer over a chunk, forward and backward side by side. Gate blocks [r, z, n], as PyTorch has them:
/// <c>ax = bh + Wxh·x</c>, <c>ah = Whh·h_{t−1}</c>; <c>r = σ(ax_r + ah_r)</c>, <c>z = σ(ax_z + ah_z)</c>;
/// <c>n = tanh(ax_n + r⊙(ah_n + bhn))</c>; <c>h_t = (1 − z)⊙n + z⊙h_{t−1}</c>.
/// </summary>
internal sealed class GruLayer : ICellLayer
{
    public CellType Cell => CellType.Gru;

    /// <summary>
    /// The gates; <c>ah_n + bhn</c> per row; the recurrent side's gradient apart from the input side's (they differ in
    /// the n block); one step's <c>Whh·h_{t−1}</c>, which the backward pass reuses for the direct path.
    /// </summary>
    public LayerNeeds Needs =>
        LayerNeeds.Gates | LayerNeeds.RecurrentCandidate | LayerNeeds.SeparateRecurrentGradient | LayerNeeds.StepProduct;

    /// <summary>
    /// Adam at its own rate, char-rnn's, at which the GRU reaches its target; char-rnn's chunk length; no resets, its
    /// state being bounded; and the most dropout of the cells: on Tiny Shakespeare a two-layer GRU overfits within a
    /// few epochs without it and ends far lower with it (docs/training.md).
    /// </summary>
    public CellTrainingDefaults TrainingDefaults { get; } = new()
    {
        AdamLearningRate = null,
        ChunkLength = 50,
        Dropout = 0.25,
        ResetEvery = 0,
    };

    /// <summary>Fills slots 1..steps of h from slot 0 and the inputs, keeping r, z, n and <c>ah_n + bhn</c>.</summary>
    public void Forward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = network.HiddenSize;
        int gateRows = network.GateRows;
        int slot = streams * hidden;
        Span<T> states = buffers.States, gates = buffers.Gates;
        Span<T> recurrent = scratch.StepProduct;
        ReadOnlySpan<T> candidateBias = network.ExtraBias(network.Parameters, layer, 0); // bhn
        LayerProducts.InputProjection(network, layer, ids, below, gates, streams * steps);
        for (int t = 0; t < steps; t++)
        {
            recurrent.Clear();
            LayerProducts.RecurrentProjection(network, layer, states.Slice(t * slot, slot), recurrent, streams);
            for (int s = 0; s < streams; s++)
            {
                int at = t * slot + s * hidden;
                Span<T> a = gates.Slice((t * streams + s) * gateRows, gateRows);
                ReadOnlySpan<T> ah = recurrent.Slice(s * gateRows, gateRows);
                Span<T> rz = a[..(2 * hidden)];
                TensorPrimitives.Add<T>(rz, ah[..(2 * hidden)], rz);
                ElementWise.Sigmoid<T>(rz, rz);
                Span<T> candidate = buffers.RecurrentCandidate.AsSpan(at, hidden);
                TensorPrimitives.Add<T>(ah[(2 * hidden)..], candidateBias, candidate);
                Span<T> n = a[(2 * hidden)..];
                ElementWise.MultiplyAdd<T>(a[..hidden], candidate, n, n);
                ElementWise.Tanh<T>(n, n);
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
    public void Backward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps, ReadOnlySpan<T> outputGradient,
        Span<T> belowGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = new Gradients<T>(network, layer, buffers, scratch, streams, network.ExtraBias(gradients, layer, 0));
        GatedBackward.Run(network, buffers, scratch, streams, steps, outputGradient, ref rows);
        LayerProducts.AccumulateGradients(network, layer, ids, below, buffers.States, scratch, streams * steps, belowGradient,
            gradients);
    }

    private readonly ref struct Gradients<T>(RnnNetwork<T> network, int layer, LayerBuffers<T> buffers,
        BackwardBuffers<T> scratch, int streams, Span<T> candidateBiasGradient) : IGateGradients<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly int _hidden = network.HiddenSize;
        private readonly int _width = network.GateRows;
        private readonly Span<T> _candidateBiasGradient = candidateBiasGradient;

        public void Row(int stream, int at, int row, ReadOnlySpan<T> gate, ReadOnlySpan<T> fromAbove, Span<T> carry)
        {
            int hidden = _hidden;
            ReadOnlySpan<T> candidate = buffers.RecurrentCandidate.AsSpan(at, hidden);
            ReadOnlySpan<T> previous = buffers.States.AsSpan(at, hidden);
            Span<T> dx = scratch.InputGradient.AsSpan(row, _width);
            Span<T> dh = scratch.RecurrentGradient.AsSpan(row, _width);
            for (int j = 0; j < hidden; j++)
            {
                T r = gate[j], z = gate[hidden + j], n = gate[2 * hidden + j];
                T dOut = fromAbove[j] + carry[j];
                T dn = dOut * (T.One - z) * (T.One - n * n);
                T dr = dn * candidate[j] * r * (T.One - r);
                T dz = dOut * (previous[j] - n) * z * (T.One - z);
                dx[j] = dh[j] = dr;
                dx[hidden + j] = dh[hidden + j] = dz;
                dx[2 * hidden + j] = dn;
                dh[2 * hidden + j] = dn * r;
                carry[j] = dOut * z; // the direct path; the Whh path is added in CarryBack
            }

            TensorPrimitives.Add<T>(_candidateBiasGradient, dh[(2 * hidden)..], _candidateBiasGradient);
        }

        public void CarryBack(int t, Span<T> carry)
        {
            Span<T> stepGradient = scratch.RecurrentGradient.AsSpan(t * streams * _width, streams * _width);
            Span<T> direct = scratch.StepProduct.AsSpan(0, carry.Length);
            carry.CopyTo(direct);
            LayerProducts.RecurrentGradient(network, layer, stepGradient, carry, streams);
            TensorPrimitives.Add<T>(carry, direct, carry);
        }
    }
}
