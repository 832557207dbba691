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
        T meanCorrection = T.One - T.Pow(Beta1, T.CreateTruncating(_steps));
        T varianceCorrection = T.One - T.Pow(Beta2, T.CreateTruncating(_steps));
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradients[i];
            _mean[i] = Beta1 * _mean[i] + (T.One - Beta1) * g;
            _variance[i] = Beta2 * _variance[i] + (T.One - Beta2) * g * g;
            parameters[i] -= Rate * (_mean[i] / meanCorrection) / (T.Sqrt(_variance[i] / varianceCorrection) + Epsilon);
        }
    }
}
