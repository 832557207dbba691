using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnn.Kernels;

/// <summary>
/// The GRU's elementwise half: from the gate pre-activations to the new hidden state. Lanes run across hidden
/// units and every lane does the scalar form's operations in its order, so the width never shows.
/// </summary>
internal static class GruGates
{
    /// <summary>
    /// With <paramref name="inputGates"/> = <c>bh + Wxh·x</c> and <paramref name="hiddenGates"/> = <c>Whh·h</c>, each the
    /// blocks <c>[r, z, n]</c> of <c>H</c>: <c>r = σ(x_r + h_r)</c>, <c>z = σ(x_z + h_z)</c>,
    /// <c>n = tanh(x_n + r·(h_n + bhn))</c>, then <c>h = (1 − z)·n + z·h</c> (each product rounded before the sum).
    /// </summary>
    public static void Update(ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates, ReadOnlySpan<float> bhn, Span<float> h)
    {
        int size = h.Length;
        if (bhn.Length != size || inputGates.Length != 3 * size || hiddenGates.Length != 3 * size)
        {
            VectorKernels.ThrowShape();
        }

        ref float x = ref MemoryMarshal.GetReference(inputGates);
        ref float r = ref MemoryMarshal.GetReference(hiddenGates);
        ref float b = ref MemoryMarshal.GetReference(bhn);
        ref float hRef = ref MemoryMarshal.GetReference(h);
        int k = 0;
        for (; k <= size - Vector<float>.Count; k += Vector<float>.Count)
        {
            nuint zAt = (nuint)(size + k), nAt = (nuint)((2 * size) + k);
            Vector<float> reset = DeterministicMath.Sigmoid(Vector.LoadUnsafe(ref x, (nuint)k) + Vector.LoadUnsafe(ref r, (nuint)k));
            Vector<float> update = DeterministicMath.Sigmoid(Vector.LoadUnsafe(ref x, zAt) + Vector.LoadUnsafe(ref r, zAt));
            Vector<float> recurrent = Vector.LoadUnsafe(ref r, nAt) + Vector.LoadUnsafe(ref b, (nuint)k);
            Vector<float> candidate = DeterministicMath.Tanh(Vector.LoadUnsafe(ref x, nAt) + (reset * recurrent));
            Vector<float> previous = Vector.LoadUnsafe(ref hRef, (nuint)k);
            (((Vector<float>.One - update) * candidate) + (update * previous)).StoreUnsafe(ref hRef, (nuint)k);
        }

        for (; k < size; k++)
        {
            int zAt = size + k, nAt = (2 * size) + k;
            Unsafe.Add(ref hRef, k) = Unit(
                Unsafe.Add(ref x, k) + Unsafe.Add(ref r, k), Unsafe.Add(ref x, zAt) + Unsafe.Add(ref r, zAt),
                Unsafe.Add(ref x, nAt), Unsafe.Add(ref r, nAt) + Unsafe.Add(ref b, k), Unsafe.Add(ref hRef, k));
        }
    }

    // One hidden unit, the order the vector loop follows (the sums are formed by the caller, as there).
    private static float Unit(float aReset, float aUpdate, float xCandidate, float recurrent, float previous)
    {
        float reset = DeterministicMath.Sigmoid(aReset);
        float update = DeterministicMath.Sigmoid(aUpdate);
        float candidate = DeterministicMath.Tanh(xCandidate + (reset * recurrent));
        return ((1f - update) * candidate) + (update * previous);
    }
}
