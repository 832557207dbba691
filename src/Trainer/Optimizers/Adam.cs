using System.Numerics;

namespace CharRnn.Training.Optimizers;

/// <summary>Adam (Kingma and Ba, 2015) with β1 = 0.9, β2 = 0.999, ε = 1e-8 and bias correction.</summary>
internal sealed class Adam<T>(double learningRate, int parameterCount) : Optimizer<T>(learningRate)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Beta1 = T.CreateTruncating(0.9);
    private static readonly T Beta2 = T.CreateTruncating(0.999);
    private static readonly T Epsilon = T.CreateTruncating(1e-8);
    private readonly T[] _mean = new T[parameterCount];
    private readonly T[] _variance = new T[parameterCount];
    private long _steps;

    public override IReadOnlyList<T[]> State => [_mean, _variance];

    public override long StepCount { get => _steps; set => _steps = value; }

    public override void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        CheckLengths(parameters, gradients, _mean.Length);
        _steps++;
        T meanCorrection = T.One - T.CreateTruncating(Power(0.9, _steps));
        T varianceCorrection = T.One - T.CreateTruncating(Power(0.999, _steps));
        T meanWeight = T.One - Beta1, varianceWeight = T.One - Beta2;
        Span<T> mean = _mean, variance = _variance;
        // Vectors first, then the tail element by element: the same operations in the same order, so a parameter's
        // update has the same bits wherever it falls.
        int i = 0;
        for (; i <= parameters.Length - Vector<T>.Count; i += Vector<T>.Count)
        {
            var g = new Vector<T>(gradients[i..]);
            Vector<T> m = Beta1 * new Vector<T>(mean[i..]) + meanWeight * g;
            Vector<T> v = Beta2 * new Vector<T>(variance[i..]) + varianceWeight * g * g;
            m.CopyTo(mean[i..]);
            v.CopyTo(variance[i..]);
            Vector<T> step = Rate * (m / meanCorrection) / (Vector.SquareRoot(v / varianceCorrection) + new Vector<T>(Epsilon));
            (new Vector<T>(parameters[i..]) - step).CopyTo(parameters[i..]);
        }

        for (; i < parameters.Length; i++)
        {
            T g = gradients[i];
            mean[i] = Beta1 * mean[i] + meanWeight * g;
            variance[i] = Beta2 * variance[i] + varianceWeight * g * g;
            parameters[i] -= Rate * (mean[i] / meanCorrection) / (T.Sqrt(variance[i] / varianceCorrection) + Epsilon);
        }
    }

    // β^steps by squaring, in double: Math.Pow calls the C runtime, whose last bit may differ by platform.
    private static double Power(double beta, long steps)
    {
        double result = 1;
        for (; steps > 0; steps >>= 1, beta *= beta)
        {
            if ((steps & 1) != 0)
            {
                result *= beta;
            }
        }

        return result;
    }
}
