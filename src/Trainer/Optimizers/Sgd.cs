using System.Numerics;
using System.Numerics.Tensors;

namespace CharRnn.Training.Optimizers;

/// <summary>Plain stochastic gradient descent: <c>θ −= lr·g</c>.</summary>
internal sealed class Sgd<T>(double learningRate) : Optimizer<T>(learningRate)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public override void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        CheckLengths(parameters, gradients, -1);
        TensorPrimitives.MultiplyAdd(gradients, -Rate, parameters, parameters);
    }
}
