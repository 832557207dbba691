using System.Numerics.Tensors;

namespace CharRnn.Training;

/// <summary>How <c>--clip</c> bounds the gradient before each optimizer step.</summary>
internal enum ClipMode
{
    /// <summary>Each element to ±clip (char-rnn's way).</summary>
    Value,

    /// <summary>The whole gradient scaled down so that its L2 norm is at most clip (keeps its direction).</summary>
    Norm,

    /// <summary>No clipping: the gradient as computed (to watch gradients explode).</summary>
    None,
}

/// <summary>Measures and clips a gradient.</summary>
internal static class GradientClipping
{
    /// <summary>
    /// The L2 norm of <paramref name="gradients"/>, summed in double in a fixed order (four running sums over the
    /// elements by index modulo 4, then added in order), so the same gradient gives the same norm, and the same
    /// clipped gradient, on every run and machine. NaN or infinity when any element is.
    /// </summary>
    public static double Norm(ReadOnlySpan<float> gradients)
    {
        // Four independent sums keep the adds from waiting on each other; scalar, so no vector width enters.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= gradients.Length; i += 4)
        {
            s0 += (double)gradients[i] * gradients[i];
            s1 += (double)gradients[i + 1] * gradients[i + 1];
            s2 += (double)gradients[i + 2] * gradients[i + 2];
            s3 += (double)gradients[i + 3] * gradients[i + 3];
        }

        for (; i < gradients.Length; i++)
        {
            s0 += (double)gradients[i] * gradients[i];
        }

        return Math.Sqrt(s0 + s1 + s2 + s3);
    }

    /// <summary>
    /// Clips <paramref name="gradients"/> in place; <paramref name="norm"/> is their <see cref="Norm"/>. Returns
    /// whether the clipping changed them: an element beyond ±clip (value), a norm above clip (norm), never (none).
    /// </summary>
    public static bool Clip(Span<float> gradients, ClipMode mode, double clip, double norm)
    {
        switch (mode)
        {
            case ClipMode.Value when Exceeds(gradients, (float)clip):
                TensorPrimitives.Clamp(gradients, -(float)clip, (float)clip, gradients);
                return true;
            case ClipMode.Norm when norm > clip:
                // Element-wise, so the result does not depend on the vector width.
                TensorPrimitives.Multiply(gradients, (float)(clip / norm), gradients);
                return true;
            default:
                return false;
        }
    }

    // Whether any element lies beyond ±clip: a plain loop, so no vector width decides how NaN compares.
    private static bool Exceeds(ReadOnlySpan<float> gradients, float clip)
    {
        foreach (float value in gradients)
        {
            if (Math.Abs(value) > clip)
            {
                return true;
            }
        }

        return false;
    }
}
