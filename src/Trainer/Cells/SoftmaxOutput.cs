using System.Numerics;
using System.Numerics.Tensors;
using CharRnn.Training.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// The output layer and its loss, forward and backward side by side: <c>y = Why·h + by</c>, <c>p = softmax(y)</c>,
/// loss <c>−log p[target]</c> in nats. One row per (step, stream), as in <see cref="RnnLayer"/>.
/// </summary>
internal static class SoftmaxOutput
{
    /// <summary>Writes the probabilities of each row and returns the summed loss over the rows.</summary>
    public static double Forward<T>(RnnNetwork<T> network, ReadOnlySpan<T> hidden, ReadOnlySpan<int> targets,
        Span<T> probabilities, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int vocabulary = network.VocabularySize;
        ReadOnlySpan<T> bias = network.OutputBias(network.Parameters);
        for (int row = 0; row < rows; row++)
        {
            bias.CopyTo(probabilities.Slice(row * vocabulary, vocabulary));
        }

        Gemm.MultiplyAdd(hidden, network.PackedOutputTransposed, probabilities, rows);
        double loss = 0;
        for (int row = 0; row < rows; row++)
        {
            // Subtracting the max keeps exp in range; the loss log Σ e^(y−max) − (y_target − max) never forms log(p).
            Span<T> p = probabilities.Slice(row * vocabulary, vocabulary);
            T max = ElementWise.Max<T>(p);
            T target = p[targets[row]] - max;
            TensorPrimitives.Subtract(p, max, p);
            ElementWise.Exp(p);
            T sum = ElementWise.Sum<T>(p);
            TensorPrimitives.Divide(p, sum, p);
            loss += DeterministicLog.Log(double.CreateTruncating(sum)) - double.CreateTruncating(target);
        }

        return loss;
    }

    /// <summary>
    /// Turns the probabilities into <c>∂L/∂y = scale·(p − onehot)</c> in place, adds the gradients of Why and by, and
    /// writes <c>∂L/∂h = (∂L/∂y)·Why</c> to <paramref name="hiddenGradient"/>.
    /// </summary>
    public static void Backward<T>(RnnNetwork<T> network, ReadOnlySpan<T> hidden, ReadOnlySpan<int> targets,
        Span<T> probabilities, int rows, T scale, Span<T> hiddenGradient, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int vocabulary = network.VocabularySize;
        int hiddenSize = network.HiddenSize;
        Span<T> biasGradient = network.OutputBias(gradients);
        for (int row = 0; row < rows; row++)
        {
            Span<T> dy = probabilities.Slice(row * vocabulary, vocabulary);
            dy[targets[row]] -= T.One;
            TensorPrimitives.Multiply(dy, scale, dy);
            TensorPrimitives.Add(biasGradient, dy, biasGradient);
        }

        ReadOnlySpan<T> outputGradient = probabilities[..(rows * vocabulary)];
        Gemm.TransposedMultiplyAdd(outputGradient, hidden, network.OutputWeights(gradients), vocabulary, rows, hiddenSize);
        hiddenGradient[..(rows * hiddenSize)].Clear();
        Gemm.MultiplyAdd(outputGradient, network.PackedOutput, hiddenGradient, rows);
    }
}
