using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnn.Kernels;

/// <summary>
/// The LSTM's elementwise half: from the gate pre-activations to the new cell and hidden state. Lanes run across
/// hidden units and every lane does the scalar form's operations in its order, so the width never shows.
/// </summary>
internal static class LstmGates
{
    /// <summary>
    /// With <paramref name="gates"/> the blocks <c>[a_i, a_f, a_g, a_o]</c> of <c>H</c> each:
    /// <c>c = σ(a_f)·c + σ(a_i)·tanh(a_g)</c>, then <c>h = σ(a_o)·tanh(c)</c> (each product rounded before the sum).
    /// </summary>
    public static void Update(ReadOnlySpan<float> gates, Span<float> c, Span<float> h)
    {
        int size = h.Length;
        if (c.Length != size || gates.Length != 4 * size)
        {
            VectorKernels.ThrowShape();
        }

        ref float a = ref MemoryMarshal.GetReference(gates);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        ref float hRef = ref MemoryMarshal.GetReference(h);
        int k = 0;
        for (; k <= size - Vector<float>.Count; k += Vector<float>.Count)
        {
            Vector<float> input = DeterministicMath.Sigmoid(Vector.LoadUnsafe(ref a, (nuint)k));
            Vector<float> forget = DeterministicMath.Sigmoid(Vector.LoadUnsafe(ref a, (nuint)(size + k)));
            Vector<float> candidate = DeterministicMath.Tanh(Vector.LoadUnsafe(ref a, (nuint)((2 * size) + k)));
            Vector<float> output = DeterministicMath.Sigmoid(Vector.LoadUnsafe(ref a, (nuint)((3 * size) + k)));
            Vector<float> cell = (forget * Vector.LoadUnsafe(ref cRef, (nuint)k)) + (input * candidate);
            cell.StoreUnsafe(ref cRef, (nuint)k);
            (output * DeterministicMath.Tanh(cell)).StoreUnsafe(ref hRef, (nuint)k);
        }

        for (; k < size; k++)
        {
            Unsafe.Add(ref hRef, k) = Unit(
                Unsafe.Add(ref a, k), Unsafe.Add(ref a, size + k), Unsafe.Add(ref a, (2 * size) + k),
                Unsafe.Add(ref a, (3 * size) + k), ref Unsafe.Add(ref cRef, k));
        }
    }

    // One hidden unit, the order the vector loop follows.
    private static float Unit(float aInput, float aForget, float aCandidate, float aOutput, ref float c)
    {
        float input = DeterministicMath.Sigmoid(aInput);
        float forget = DeterministicMath.Sigmoid(aForget);
        float candidate = DeterministicMath.Tanh(aCandidate);
        float output = DeterministicMath.Sigmoid(aOutput);
        c = (forget * c) + (input * candidate);
        return output * DeterministicMath.Tanh(c);
    }
}
