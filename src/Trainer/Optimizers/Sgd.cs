using System.Numerics;

namespace CharRnn.Training.Optimizers;

/// <summary>Plain stochastic gradient descent: <c>θ −= lr·g</c>.</summary>
internal sealed class Sgd<T>(double learningRate) : Optimizer<T>(learningRate)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public override void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        CheckLengths(parameters, gradients, -1);
        // Rounded product, then the sum (never fused), so every width and machine gives the same bits.
        T step = -Rate;
        int i = 0;
        for (; i <= parameters.Length - Vector<T>.Count; i += Vector<T>.Count)
        {
            ((new Vector<T>(gradients[i..]) * step) + new Vector<T>(parameters[i..])).CopyTo(parameters[i..]);
        }

        for (; i < parameters.Length; i++)
        {
            parameters[i] = (gradients[i] * step) + parameters[i];
        }
    }
}
