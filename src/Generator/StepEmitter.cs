using System.Globalization;
using CharRnn.Cells;

namespace CharRnn.Generator;

/// <summary>
/// Writes the cell-specific part of the generated <c>Session</c> from the cell's <see cref="CellDescription"/>: its
/// state and scratch buffers, and the <c>Step</c> method, which calls the cell's step for each layer with the same
/// arguments, in the same order, as <c>DynamicModel.Step</c>. Nothing here names a cell: a new cell needs no change.
/// </summary>
internal static class StepEmitter
{
    private const string CompilerServices = "global::CharRnn.CompilerServices.";

    /// <summary>The Session's state and work-space fields (all zero in a new Session).</summary>
    public static void WriteFields(SourceWriter writer, CellDescription cell)
    {
        writer.Line("private HiddenState _hidden;");
        if (cell.HasCellState)
        {
            writer.Line("private HiddenState _cellState;");
        }

        writer.Line("private ScratchVector _scratch;");
    }

    /// <summary>The <c>Step</c> method: every layer, bottom to top, each reading the new h of the layer below.</summary>
    public static void WriteStep(SourceWriter writer, ModelSpec model, CellDescription cell)
    {
        writer.Line("// One time step of every layer, bottom to top; each layer reads the new state of the layer below.");
        writer.Open("private void Step(int id)");
        writer.Line("global::System.Span<float> hidden = _hidden;");
        writer.Line(cell.HasCellState ? "global::System.Span<float> cellState = _cellState;" : "global::System.Span<float> cellState = default;");
        writer.Line("global::System.Span<float> scratch = _scratch;");
        for (int layer = 0; layer < model.Layers; layer++)
        {
            string field = "Layer" + Format(layer);
            string input = layer == 0
                ? CompilerServices + "LayerInput.OneHot(id)"
                : CompilerServices + "LayerInput.Dense(" + Slice("hidden", layer - 1) + ")";
            writer.Line(CompilerServices + cell.StepClass + ".Step(");
            writer.Line("    " + input + ",");
            writer.Line("    " + Matrix(model, field + "Wxh") + ",");
            writer.Line("    " + Matrix(model, field + "Whh") + ",");
            writer.Line("    " + field + "Bias,");
            writer.Line("    " + Slice("hidden", layer) + ",");
            writer.Line("    " + (cell.HasCellState ? Slice("cellState", layer) : "cellState") + ",");
            writer.Line("    scratch);");
        }

        writer.Close();
    }

    /// <summary>
    /// The argument a step or the readout takes for a baked matrix: its array, or for an int8 model its values and
    /// scales as an <c>Int8Matrix</c>, as <c>DynamicModel</c> passes them.
    /// </summary>
    public static string Matrix(ModelSpec model, string field) => model.WeightFormat == WeightFormat.Int8
        ? "new " + CompilerServices + "Int8Matrix(" + field + "Values, " + field + "Scales)"
        : field;

    /// <summary>The fixed-size buffers the fields use, sized by the cell's description.</summary>
    public static void WriteBufferTypes(SourceWriter writer, CellDescription cell)
    {
        WriteBuffer(writer, "HiddenState", "Layers * HiddenSize");
        writer.Line();
        writer.Line("// The work space of one layer's step: " + Format(cell.ScratchBlocks) + " blocks of HiddenSize.");
        WriteBuffer(writer, "ScratchVector", Format(cell.ScratchBlocks) + " * HiddenSize");
        writer.Line();
        WriteBuffer(writer, "VocabularyVector", "VocabSize");
        writer.Line();
        writer.Line("// Which ids may be drawn, when the options limit them.");
        WriteBuffer(writer, "DrawableFlags", "VocabSize", "bool");
    }

    private static void WriteBuffer(SourceWriter writer, string name, string length, string element = "float")
    {
        writer.Line("[global::System.Runtime.CompilerServices.InlineArray(" + length + ")]");
        writer.Open("private struct " + name);
        writer.Line("private " + element + " _element0;");
        writer.Close();
    }

    private static string Slice(string buffer, int layer) =>
        buffer + ".Slice(" + Format(layer) + " * HiddenSize, HiddenSize)";

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
