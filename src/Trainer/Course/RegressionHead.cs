using System.Numerics.Tensors;

namespace CharRnn.Training.Course;

/// <summary>
/// The numeric counterpart of the softmax output: <c>y = w·h + b</c>, one real number per stream, with the mean
/// squared error as its loss. Its weights live apart from the network's, which keeps the char path untouched.
/// </summary>
internal sealed class RegressionHead
{
    private readonly int _hidden;

    /// <summary>Zero weights: the first predictions are 0, the mean of a sine.</summary>
    public RegressionHead(int hiddenSize)
    {
        _hidden = hiddenSize;
        Parameters = new float[hiddenSize + 1];
        Gradients = new float[hiddenSize + 1];
    }

    /// <summary>w, then b.</summary>
    public float[] Parameters { get; }

    /// <summary>∂L/∂(w, b), added to by <see cref="Backward"/>.</summary>
    public float[] Gradients { get; }

    /// <summary>Writes each stream's prediction from its last state (one H row per stream).</summary>
    public void Forward(ReadOnlySpan<float> last, Span<double> predictions)
    {
        ReadOnlySpan<float> w = Parameters.AsSpan(0, _hidden);
        for (int s = 0; s < predictions.Length; s++)
        {
            predictions[s] = TensorPrimitives.Dot(w, last.Slice(s * _hidden, _hidden)) + Parameters[_hidden];
        }
    }

    /// <summary>
    /// For the loss <c>mean (y − target)²</c> over the streams: adds ∂L/∂(w, b) to <see cref="Gradients"/> and writes
    /// ∂L/∂h_last (one H row per stream) to <paramref name="hiddenGradient"/>. Returns the loss.
    /// </summary>
    public double Backward(ReadOnlySpan<float> last, ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets,
        Span<float> hiddenGradient)
    {
        int streams = predictions.Length;
        ReadOnlySpan<float> w = Parameters.AsSpan(0, _hidden);
        Span<float> weightGradient = Gradients.AsSpan(0, _hidden);
        double loss = 0;
        for (int s = 0; s < streams; s++)
        {
            double error = predictions[s] - targets[s];
            loss += error * error / streams;
            float dy = (float)(2 * error / streams);
            TensorPrimitives.MultiplyAdd(last.Slice(s * _hidden, _hidden), dy, weightGradient, weightGradient);
            Gradients[_hidden] += dy;
            TensorPrimitives.Multiply(w, dy, hiddenGradient.Slice(s * _hidden, _hidden));
        }

        return loss;
    }
}
