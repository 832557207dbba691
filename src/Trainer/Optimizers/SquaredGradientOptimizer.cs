using System.Numerics;

namespace CharRnn.Training.Optimizers;

/// <summary>
/// Adagrad and RMSprop: each element's step is divided by the root of a running sum of its squared gradients,
/// <c>G = decay·G + weight·g²</c>, <c>θ −= lr·g/√(G + 1e-8)</c>. Adagrad sums every square (min-char-rnn);
/// RMSprop keeps a moving average (char-rnn's decay 0.95).
/// </summary>
internal sealed class SquaredGradientOptimizer<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Epsilon = T.CreateTruncating(1e-8);
    private readonly T[] _squares;
    private readonly T _decay;
    private readonly T _weight;

    private SquaredGradientOptimizer(double learningRate, int parameterCount, double decay, double weight)
        : base(learningRate)
    {
        _squares = new T[parameterCount];
        _decay = T.CreateTruncating(decay);
        _weight = T.CreateTruncating(weight);
    }

    public static SquaredGradientOptimizer<T> Adagrad(double learningRate, int parameterCount) =>
        new(learningRate, parameterCount, decay: 1, weight: 1);

    public static SquaredGradientOptimizer<T> RmsProp(double learningRate, int parameterCount) =>
        new(learningRate, parameterCount, decay: 0.95, weight: 0.05);

    public override IReadOnlyList<T[]> State => [_squares];

    public override void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        CheckLengths(parameters, gradients, _squares.Length);
        Span<T> squares = _squares;
        // Vectors first, then the tail element by element: the same operations in the same order either way.
        int i = 0;
        for (; i <= parameters.Length - Vector<T>.Count; i += Vector<T>.Count)
        {
            var g = new Vector<T>(gradients[i..]);
            Vector<T> square = _decay * new Vector<T>(squares[i..]) + _weight * g * g;
            square.CopyTo(squares[i..]);
            (new Vector<T>(parameters[i..]) - Rate * g / Vector.SquareRoot(square + new Vector<T>(Epsilon))).CopyTo(parameters[i..]);
        }

        for (; i < parameters.Length; i++)
        {
            T g = gradients[i];
            squares[i] = _decay * squares[i] + _weight * g * g;
            parameters[i] -= Rate * g / T.Sqrt(squares[i] + Epsilon);
        }
    }
}
