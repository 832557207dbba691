using System.Globalization;
using System.Text;
using CharRnn.Inference;
using CharRnn.ModelFormat;
using CharRnn.Training.Commands;

namespace CharRnn.Training.Course;

/// <summary>Which state vector of a layer the cells page shows.</summary>
internal enum CellsState
{
    /// <summary>The hidden state h (every cell type).</summary>
    Hidden,

    /// <summary>The LSTM's cell state c, shown as tanh(c): the bounded value the output gate reads.</summary>
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
    /// <exception cref="CommandException">A character is not in the model's vocabulary.</exception>
    public static float[] Record(DynamicModel model, int[] text, int layer, CellsState state, string textPath)
    {
        CheckVocabulary(model.Vocabulary, text, textPath);
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

    // Names the first unknown character by line and column, where an editor finds it.
    private static void CheckVocabulary(int[] vocabulary, int[] text, string textPath)
    {
        int line = 1, column = 1;
        for (int t = 0; t < text.Length; t++)
        {
            if (Vocabulary.IdOf(vocabulary, text[t]) < 0)
            {
                throw new CommandException(string.Create(CultureInfo.InvariantCulture,
                    $"--text '{textPath}' has {Vocabulary.Describe(new Rune(text[t]))} at line {line}, column {column} (character {t + 1}), which is not in the model's vocabulary; remove or replace it, or use a model trained on text that has it"));
            }

            (line, column) = text[t] == '\n' ? (line + 1, 1) : (line, column + 1);
        }
    }
}
