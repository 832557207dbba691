using System.Numerics;
using System.Numerics.Tensors;
using CharRnn.Training.Numerics;
using CharRnn.Kernels;

namespace CharRnn.Training.Cells;

/// <summary>
/// The matrix products every cell shares, over all the rows of a chunk at once: the input side of the gate
/// pre-activations, and the weight gradients once the gate gradients of the whole chunk are known. A cell only
/// runs its recurrence and its element-wise gate math step by step.
/// </summary>
/// <remarks>Rows are (step, stream) pairs, step-major; gate vectors are <see cref="RnnNetwork{T}.GateRows"/> wide.</remarks>
internal static class LayerProducts
{
    /// <summary>
    /// Writes <c>bh + Wxh·x</c> for every row into <paramref name="preactivations"/>. Layer 0's input is one-hot, so
    /// its product is one column of Wxh; higher layers read <paramref name="below"/>, one H-wide row per row.
    /// </summary>
    public static void InputProjection<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        Span<T> preactivations, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = network.GateRows;
        ReadOnlySpan<T> bias = network.HiddenBias(network.Parameters, layer);
        for (int row = 0; row < rows; row++)
        {
            Span<T> a = preactivations.Slice(row * width, width);
            if (layer == 0)
            {
                TensorPrimitives.Add(bias, network.OneHotInputRows.AsSpan(ids[row] * width, width), a);
            }
            else
            {
                bias.CopyTo(a);
            }
        }

        if (layer > 0)
        {
            Gemm.MultiplyAdd(below, network.PackedInputTransposed[layer], preactivations, rows);
        }
    }

    /// <summary><c>a += Whh·h</c> for one step of every stream.</summary>
    public static void RecurrentProjection<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<T> previous, Span<T> a, int streams)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Gemm.MultiplyAdd(previous, network.PackedRecurrentTransposed[layer], a, streams);

    /// <summary>Sets <paramref name="carry"/> to <c>(∂L/∂(Whh·h))·Whh</c>: one step's gradient into the previous state.</summary>
    public static void RecurrentGradient<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<T> recurrentGradient, Span<T> carry,
        int streams)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        carry.Clear();
        Gemm.MultiplyAdd(recurrentGradient, network.PackedRecurrent[layer], carry, streams);
    }

    /// <summary>
    /// Adds the layer's weight gradients for the whole chunk and writes <c>∂L/∂x</c> for the layer below.
    /// </summary>
    /// <param name="previous">h_{t−1} of every row (the chunk's state slots 0..steps−1).</param>
    /// <param name="scratch">Holds ∂L/∂(bh + Wxh·x) per row in <see cref="BackwardBuffers{T}.InputGradient"/> and
    /// ∂L/∂(Whh·h_{t−1}) in <see cref="BackwardBuffers{T}.RecurrentGradient"/> (the same array for cells whose two
    /// products are simply added; the GRU's differ in the n block).</param>
    /// <param name="belowGradient">Receives ∂L/∂x per row; unused for layer 0.</param>
    public static void AccumulateGradients<T>(RnnNetwork<T> network, int layer, ReadOnlySpan<int> ids, ReadOnlySpan<T> below,
        ReadOnlySpan<T> previous, BackwardBuffers<T> scratch, int rows, Span<T> belowGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = network.GateRows;
        int hidden = network.HiddenSize;
        ReadOnlySpan<T> inputGradient = scratch.InputGradient;
        Gemm.TransposedMultiplyAdd<T>(scratch.RecurrentGradient.AsSpan(0, rows * width), previous[..(rows * hidden)],
            network.RecurrentWeights(gradients, layer), width, rows, hidden);
        Span<T> biasGradient = network.HiddenBias(gradients, layer);
        for (int row = 0; row < rows; row++)
        {
            TensorPrimitives.Add(biasGradient, inputGradient.Slice(row * width, width), biasGradient);
        }

        Span<T> inputWeightGradient = network.InputWeights(gradients, layer);
        int vocabulary = network.VocabularySize;
        if (layer == 0 && rows < 2 * vocabulary)
        {
            // A one-hot input adds its row's gate gradient to one column of Wxh [G·H, V], V values apart. For few rows
            // (a min-char-rnn step has 25) that beats the two transposes below, which move 2·G·H·V values.
            for (int row = 0; row < rows; row++)
            {
                ReadOnlySpan<T> da = inputGradient.Slice(row * width, width);
                for (int i = 0; i < width; i++)
                {
                    inputWeightGradient[i * vocabulary + ids[row]] += da[i];
                }
            }
        }
        else if (layer == 0)
        {
            // Added as rows of Wxhᵀ instead, the additions run along contiguous memory, each element still taking its
            // rows in order, so both ways give the same bits.
            Span<T> transposed = scratch.OneHotInputGradient;
            WeightLayout.Transpose<T>(inputWeightGradient, width, vocabulary, transposed);
            for (int row = 0; row < rows; row++)
            {
                Span<T> column = transposed.Slice(ids[row] * width, width);
                TensorPrimitives.Add(column, inputGradient.Slice(row * width, width), column);
            }

            WeightLayout.Transpose<T>(transposed, vocabulary, width, inputWeightGradient);
        }
        else
        {
            Gemm.TransposedMultiplyAdd(inputGradient[..(rows * width)], below, inputWeightGradient, width, rows, hidden);
            belowGradient[..(rows * hidden)].Clear();
            Gemm.MultiplyAdd(inputGradient, network.PackedInput[layer], belowGradient, rows);
        }
    }
}
