using System.Numerics.Tensors;

namespace CharRnn.Training;

/// <summary>How <c>--clip</c> bounds the gradient before each optimizer step.</summary>
internal enum ClipMode
{
    /// <summary>Each element to ±clip (char-rnn's way).</summary>
    Value,

    /// <summary>The whole gradient scaled down so that its L2 norm is at most clip (keeps its direction).</summary>
    Norm,
}

/// <summary>Measures and clips a gradient.</summary>
internal static class GradientClipping
{
    /// <summary>
    /// The L2 norm of <paramref name="gradients"/>, summed in double in index order: a fixed order, so the same
    /// gradient gives the same norm (and the same clipped gradient) on every run. NaN or infinity when any element is.
    /// </summary>
    public static double Norm(ReadOnlySpan<float> gradients)
    {
        double sum = 0;
        foreach (float g in gradients)
        {
            sum += (double)g * g;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Clips <paramref name="gradients"/> in place; <paramref name="norm"/> is their <see cref="Norm"/>.</summary>
    public static void Clip(Span<float> gradients, ClipMode mode, double clip, double norm)
    {
        if (mode == ClipMode.Value)
        {
            TensorPrimitives.Clamp(gradients, -(float)clip, (float)clip, gradients);
        }
        else if (norm > clip)
        {
            // Element-wise, so the result does not depend on the vector width.
            TensorPrimitives.Multiply(gradients, (float)(clip / norm), gradients);
        }
    }
}
