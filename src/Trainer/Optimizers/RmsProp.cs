using System.Numerics;

namespace CharRnn.Training.Optimizers;

/// <summary>RMSprop as char-rnn runs it: <c>G = 0.95·G + 0.05·g²</c>, <c>θ −= lr·g/(√G + 1e-8)</c>.</summary>
internal sealed class RmsProp<T>(double learningRate, int parameterCount) : Optimizer<T>(learningRate)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Decay = T.CreateTruncating(0.95);
    private static readonly T Epsilon = T.CreateTruncating(1e-8);
    private readonly T[] _squares = new T[parameterCount];

    public override void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        CheckLengths(parameters, gradients, _squares.Length);
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradients[i];
            _squares[i] = Decay * _squares[i] + (T.One - Decay) * g * g;
            parameters[i] -= LearningRate * g / (T.Sqrt(_squares[i]) + Epsilon);
        }
    }
}
