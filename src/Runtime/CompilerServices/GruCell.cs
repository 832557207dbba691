using System.ComponentModel;
using System.Runtime.CompilerServices;
using CharRnn.Kernels;

namespace CharRnn.CompilerServices;

/// <summary>
/// One time step of a GRU layer (for generated code and the dynamic path, which call it with the same arguments in
/// the same order). Gate blocks are <c>[r, z, n]</c>, H rows each. The input half <c>x = bh + Wxh·x</c> and the
/// recurrent half <c>u = 0 + Whh·h</c> stay apart, because the reset gate scales only the recurrent half of n; then
/// <see cref="GruGates.Update"/> updates h.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GruCell
{
    /// <summary>
    /// Runs the step; the arguments are those of <see cref="CellStep"/> (biases <c>bh</c> then <c>bhn</c>; no cell
    /// state; scratch of 6H: the input half, then the recurrent half).
    /// </summary>
    // Out of line: inlined into a generated sampling loop, the step costs that loop more than the call saves.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Step(LayerInput input, ReadOnlySpan<float> wxh, ReadOnlySpan<float> whh, ReadOnlySpan<float> bias,
        Span<float> hidden, Span<float> cellState, Span<float> scratch) =>
        Run(input, new FloatMatrix(wxh), new FloatMatrix(whh), bias, hidden, cellState, scratch);

    /// <summary>Runs the step of an int8 layer (docs/determinism.md, "Int8 models"); the other arguments as above.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Step(LayerInput input, Int8Matrix wxh, Int8Matrix whh, ReadOnlySpan<float> bias,
        Span<float> hidden, Span<float> cellState, Span<float> scratch) =>
        Run(input, wxh, whh, bias, hidden, cellState, scratch);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Run<TMatrix>(LayerInput input, TMatrix wxh, TMatrix whh, ReadOnlySpan<float> bias,
        Span<float> hidden, Span<float> cellState, Span<float> scratch)
        where TMatrix : IWeightMatrix<TMatrix>, allows ref struct
    {
        int rows = 3 * hidden.Length;
        Span<float> inputGates = scratch[..rows];
        Span<float> hiddenGates = scratch.Slice(rows, rows);
        input.Project(wxh, bias[..rows], inputGates);

        // The recurrent half has no bias of its own here (bhn joins inside the reset product): it starts at +0.
        hiddenGates.Clear();
        TMatrix.MultiplyAccumulate(whh, hidden, hiddenGates);
        GruGates.Update(inputGates, hiddenGates, bias[rows..], hidden);
    }
}
