using System.ComponentModel;
using System.Runtime.CompilerServices;
using CharRnn.Kernels;

namespace CharRnn.CompilerServices;

/// <summary>
/// One time step of an LSTM layer (for generated code and the dynamic path, which call it with the same arguments
/// in the same order). Gate blocks are <c>[i, f, g, o]</c>, H rows each: <c>a = bh + Wxh·x</c>, <c>a += Whh·h</c>
/// (4H rows, terms in increasing j), then <see cref="LstmGates.Update"/> updates c and h.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmCell
{
    /// <summary>Runs the step; the arguments are those of <see cref="CellStep"/> (cell state of H; scratch of 4H).</summary>
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
        Span<float> gates = scratch[..(4 * hidden.Length)];
        input.Project(wxh, bias, gates);
        TMatrix.MultiplyAccumulate(whh, hidden, gates);
        LstmGates.Update(gates, cellState, hidden);
    }
}
