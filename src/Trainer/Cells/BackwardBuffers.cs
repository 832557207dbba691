using System.Numerics;

namespace CharRnn.Training.Cells;

/// <summary>
/// Work space for one layer's backward pass (and the GRU's per-step recurrent product), shared by the layers of a
/// workspace because they run one after another.
/// </summary>
internal sealed class BackwardBuffers<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public BackwardBuffers(int streams, int maxSteps, int hiddenSize, int gateRows, bool separateRecurrentGradient)
    {
        int rows = streams * maxSteps;
        InputGradient = new T[rows * gateRows];
        RecurrentGradient = separateRecurrentGradient ? new T[rows * gateRows] : InputGradient;
        Carry = new T[streams * hiddenSize];
        CellCarry = new T[streams * hiddenSize];
        StepProduct = new T[streams * gateRows];
    }

    /// <summary>∂L/∂(bh + Wxh·x) per row.</summary>
    public T[] InputGradient { get; }

    /// <summary>∂L/∂(Whh·h_{t−1}) per row: <see cref="InputGradient"/> itself unless the cell treats the two apart.</summary>
    public T[] RecurrentGradient { get; }

    /// <summary>∂L/∂h_{t−1} flowing back one step, per stream.</summary>
    public T[] Carry { get; }

    /// <summary>The LSTM's ∂L/∂c_{t−1} flowing back one step, per stream.</summary>
    public T[] CellCarry { get; }

    /// <summary>One step's <c>Whh·h_{t−1}</c> for every stream (the GRU keeps it apart from the input side).</summary>
    public T[] StepProduct { get; }
}
