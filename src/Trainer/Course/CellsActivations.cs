using System.Text;
using CharRnn.ModelFormat;

namespace CharRnn.Training.Course;

/// <summary>Which state vector of a layer the cells page shows.</summary>
internal enum CellsState
{
    /// <summary>The hidden state h (every cell type).</summary>
    Hidden,

    /// <summary>The cell state c of a cell that carries one (the LSTM's), shown as tanh(c): the bounded value the LSTM's output gate reads.</summary>
    Cell,
}

/// <summary>
/// One layer's state after each character of a text, recorded through the runtime that sampling uses
/// (<see cref="DynamicSession"/>): the values are exactly those the model has while it generates.
/// </summary>
internal static class CellsActivations
{
    /// <summary>
    /// Feeds <paramref name="text"/> from the zero state and returns, unit-major, the chosen state of
    /// <paramref name="layer"/> (0-based) after each character: unit u's value at t is at <c>u·N + t</c>, in [-1, 1].
    /// </summary>
    /// <remarks>Every character of <paramref name="text"/> must be in the model's vocabulary (the command checks).</remarks>
    public static float[] Record(DynamicModel model, int[] text, int layer, CellsState state)
    {
        int units = model.HiddenSize;
        var values = new float[units * text.Length];
        DynamicSession session = model.CreateSession(new SamplingOptions());
        Span<char> utf16 = stackalloc char[2];
        for (int t = 0; t < text.Length; t++)
        {
            session.Feed(utf16[..new Rune(text[t]).EncodeToUtf16(utf16)]);
            ReadOnlySpan<float> layerState = (state == CellsState.Cell ? session.CellState : session.Hidden).Slice(layer * units, units);
            for (int unit = 0; unit < units; unit++)
            {
                values[(unit * text.Length) + t] = state == CellsState.Cell ? MathF.Tanh(layerState[unit]) : layerState[unit];
            }
        }

        return values;
    }
}
