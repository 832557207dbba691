using System.Numerics;

namespace CharRnn.Kernels;

/// <summary>
/// The LSTM's elementwise half: from the gate pre-activations to the new cell and hidden state. Each function runs
/// over whole blocks in its own pass (short loop bodies keep several iterations in flight, and need few registers
/// where a default NativeAOT build has 16); every element sees the scalar form's operations in its order.
/// </summary>
internal static class LstmGates
{
    /// <summary>
    /// With <paramref name="gates"/> the blocks <c>[a_i, a_f, a_g, a_o]</c> of <c>H</c> each:
    /// <c>c = σ(a_f)·c + σ(a_i)·tanh(a_g)</c>, then <c>h = σ(a_o)·tanh(c)</c> (each product rounded before the sum).
    /// The gates are overwritten with their activations.
    /// </summary>
    public static void Update(Span<float> gates, Span<float> c, Span<float> h)
    {
        int size = h.Length;
        if (c.Length != size || gates.Length != 4 * size)
        {
            VectorKernels.ThrowShape();
        }

        Span<float> inputAndForget = gates[..(2 * size)], candidate = gates.Slice(2 * size, size), output = gates[(3 * size)..];
        VectorKernels.Sigmoid(inputAndForget, inputAndForget);
        VectorKernels.Tanh(candidate, candidate);
        VectorKernels.Sigmoid(output, output);
        ReadOnlySpan<float> input = inputAndForget[..size], forget = inputAndForget[size..];
        int k = 0;
        for (; k <= size - Vector<float>.Count; k += Vector<float>.Count)
        {
            ((new Vector<float>(forget[k..]) * new Vector<float>(c[k..])) + (new Vector<float>(input[k..]) * new Vector<float>(candidate[k..])))
                .CopyTo(c[k..]);
        }

        for (; k < size; k++)
        {
            c[k] = (forget[k] * c[k]) + (input[k] * candidate[k]);
        }

        VectorKernels.Tanh(c, h);
        VectorKernels.Multiply(output, h, h);
    }
}
