using System.Numerics;

namespace CharRnn.Kernels;

/// <summary>
/// The GRU's elementwise half: from the gate pre-activations to the new hidden state. Each function runs over whole
/// blocks in its own pass, as in <see cref="LstmGates"/>; every element sees the scalar form's operations in its order.
/// </summary>
internal static class GruGates
{
    /// <summary>
    /// With <paramref name="inputGates"/> = <c>bh + Wxh·x</c> and <paramref name="hiddenGates"/> = <c>Whh·h</c>, each the
    /// blocks <c>[r, z, n]</c> of <c>H</c>: <c>r = σ(x_r + h_r)</c>, <c>z = σ(x_z + h_z)</c>,
    /// <c>n = tanh(x_n + r·(h_n + bhn))</c>, then <c>h = (1 − z)·n + z·h</c> (each product rounded before the sum).
    /// The input gates are overwritten with r, z and n.
    /// </summary>
    public static void Update(Span<float> inputGates, ReadOnlySpan<float> hiddenGates, ReadOnlySpan<float> bhn, Span<float> h)
    {
        int size = h.Length;
        if (bhn.Length != size || inputGates.Length != 3 * size || hiddenGates.Length != 3 * size)
        {
            VectorKernels.ThrowShape();
        }

        Span<float> resetAndUpdate = inputGates[..(2 * size)], candidate = inputGates[(2 * size)..];
        VectorKernels.Add(resetAndUpdate, hiddenGates[..(2 * size)], resetAndUpdate);
        VectorKernels.Sigmoid(resetAndUpdate, resetAndUpdate);
        ReadOnlySpan<float> reset = resetAndUpdate[..size], update = resetAndUpdate[size..], recurrent = hiddenGates[(2 * size)..];
        int k = 0, n = Vector<float>.Count;
        for (; k <= size - n; k += n)
        {
            Vector<float> scaled = new Vector<float>(reset[k..]) * (new Vector<float>(recurrent[k..]) + new Vector<float>(bhn[k..]));
            (new Vector<float>(candidate[k..]) + scaled).CopyTo(candidate[k..]);
        }

        for (; k < size; k++)
        {
            candidate[k] += reset[k] * (recurrent[k] + bhn[k]);
        }

        VectorKernels.Tanh(candidate, candidate);
        for (k = 0; k <= size - n; k += n)
        {
            Vector<float> z = new(update[k..]);
            (((Vector<float>.One - z) * new Vector<float>(candidate[k..])) + (z * new Vector<float>(h[k..]))).CopyTo(h[k..]);
        }

        for (; k < size; k++)
        {
            h[k] = ((1f - update[k]) * candidate[k]) + (update[k] * h[k]);
        }
    }
}
