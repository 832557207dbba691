using System.Numerics;
using System.Numerics.Tensors;
using CharRnn.Training.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// One LSTM layer over a chunk, forward and backward side by side. Gate blocks [i, f, g, o]:
/// <c>a = bh + Wxh·x + Whh·h_{t−1}</c>; <c>i, f, o = σ(a_i, a_f, a_o)</c>, <c>g = tanh(a_g)</c>;
/// <c>c_t = f⊙c_{t−1} + i⊙g</c>; <c>h_t = o⊙tanh(c_t)</c>.
/// </summary>
internal sealed class LstmLayer : ICellLayer
{
    public CellType Cell => CellType.Lstm;

    /// <summary>The gates, and tanh(c_t) per row (the cell states themselves come with its description's cell state).</summary>
    public LayerNeeds Needs => LayerNeeds.Gates | LayerNeeds.CellTanh;

    /// <summary>
    /// Adam above char-rnn's rate: with its restarts, dropout and chunk length it ends its runs at a lower validation
    /// loss with it. char-rnn's chunk length. Less dropout than the GRU: it learns more slowly per step. Its states
    /// are zeroed every few chunks: an LSTM whose streams run a whole epoch from one zero state learns cells that grow
    /// without bound and that some zero starts never charge, and started cold in such a place it stays much worse for
    /// a long stretch of text; zeroed every few chunks, it learns to start from zero, where sampling and validation
    /// start. Its forget gate's bias starts at 1, so the cell remembers from the first step (Jozefowicz et al. 2015).
    /// The runs are in docs/training.md.
    /// </summary>
    public CellTrainingDefaults TrainingDefaults { get; } = new()
    {
        AdamLearningRate = 3e-3,
        ChunkLength = 50,
        Dropout = 0.1,
        ResetEvery = 20,
        OpenGateBlock = 1, // blocks i, f, g, o
    };

    /// <summary>Fills slots 1..steps of h and c from slot 0 and the inputs, keeping the gates for the backward pass.</summary>
    public void Forward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps)
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
                ElementWise.Sigmoid<T>(a[..(2 * hidden)], a[..(2 * hidden)]); // i, f
                ElementWise.Tanh<T>(a.Slice(2 * hidden, hidden), a.Slice(2 * hidden, hidden)); // g
                ElementWise.Sigmoid<T>(a[(3 * hidden)..], a[(3 * hidden)..]); // o
                int at = t * slot + s * hidden;
                Span<T> c = cells.Slice(at + slot, hidden);
                Span<T> tanhC = buffers.CellTanh.AsSpan(at, hidden);
                TensorPrimitives.Multiply<T>(a.Slice(hidden, hidden), cells.Slice(at, hidden), c);
                ElementWise.MultiplyAdd<T>(a[..hidden], a.Slice(2 * hidden, hidden), c, c);
                ElementWise.Tanh<T>(c, tanhC);
                TensorPrimitives.Multiply<T>(a[(3 * hidden)..], tanhC, states.Slice(at + slot, hidden));
            }
        }
    }

    /// <summary>
    /// Backpropagates through the chunk (truncated at the carried-in h and c), adds the layer's weight gradients and
    /// writes ∂L/∂x to <paramref name="belowGradient"/> (layers above 0).
    /// </summary>
    public void Backward<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        LayerBuffers<T> buffers, BackwardBuffers<T> scratch, int streams, int steps, ReadOnlySpan<T> outputGradient,
        Span<T> belowGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        scratch.CellCarry.AsSpan().Clear();
        var rows = new Gradients<T>(network, layer, buffers, scratch, streams);
        GatedBackward.Run(network, buffers, scratch, streams, steps, outputGradient, ref rows);
        LayerProducts.AccumulateGradients(network, layer, ids, below, buffers.States, scratch, streams * steps, belowGradient,
            gradients);
    }

    private readonly ref struct Gradients<T>(RnnNetwork<T> network, int layer, LayerBuffers<T> buffers,
        BackwardBuffers<T> scratch, int streams) : IGateGradients<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly int _hidden = network.HiddenSize;
        private readonly int _width = network.GateRows;

        public void Row(int stream, int at, int row, ReadOnlySpan<T> gate, ReadOnlySpan<T> fromAbove, Span<T> carry)
        {
            int hidden = _hidden;
            Span<T> da = scratch.InputGradient.AsSpan(row, _width);
            Span<T> cellCarry = scratch.CellCarry.AsSpan(stream * hidden, hidden);
            ReadOnlySpan<T> previousCell = buffers.Cells.AsSpan(at, hidden);
            ReadOnlySpan<T> tanhC = buffers.CellTanh.AsSpan(at, hidden);
            for (int j = 0; j < hidden; j++)
            {
                T i = gate[j], f = gate[hidden + j], g = gate[2 * hidden + j], o = gate[3 * hidden + j];
                T dh = fromAbove[j] + carry[j];
                T dc = cellCarry[j] + dh * o * (T.One - tanhC[j] * tanhC[j]);
                da[j] = dc * g * i * (T.One - i);
                da[hidden + j] = dc * previousCell[j] * f * (T.One - f);
                da[2 * hidden + j] = dc * i * (T.One - g * g);
                da[3 * hidden + j] = dh * tanhC[j] * o * (T.One - o);
                cellCarry[j] = dc * f;
            }
        }

        public void CarryBack(int t, Span<T> carry) =>
            LayerProducts.RecurrentGradient(network, layer, scratch.InputGradient.AsSpan(t * streams * _width, streams * _width),
                carry, streams);
    }
}
