using System.Globalization;
using CharRnn.ModelFormat;

namespace CharRnn.Generator;

/// <summary>
/// Writes the cell-specific part of the generated <c>Session</c>: its state buffers and the <c>Step</c> method, which
/// calls Runtime's <c>RnnForward</c>, <c>LstmForward</c> or <c>GruForward</c> for each layer with the same arguments,
/// in the same order, as <c>DynamicModel.Step</c>.
/// </summary>
internal static class StepEmitter
{
    /// <summary>The Session's state and work-space fields (all zero in a new Session).</summary>
    public static void WriteFields(SourceWriter writer, CellType cell)
    {
        writer.Line("private HiddenState _hidden;");
        if (cell == CellType.Lstm)
        {
            writer.Line("private HiddenState _cells;");
        }

        writer.Line("private GateVector _gates;");
        if (cell == CellType.Gru)
        {
            writer.Line("private GateVector _hiddenGates;");
        }
    }

    /// <summary>The <c>Step</c> method: every layer, bottom to top, each reading the new h of the layer below.</summary>
    public static void WriteStep(SourceWriter writer, ModelSpec model)
    {
        string forward = "global::CharRnn.Inference." + ForwardClass(model.Cell);
        writer.Line("// One time step of every layer, bottom to top; each layer reads the new state of the layer below.");
        writer.Open("private void Step(int id)");
        writer.Line("global::System.Span<float> hidden = _hidden;");
        if (model.Cell == CellType.Lstm)
        {
            writer.Line("global::System.Span<float> cells = _cells;");
        }

        writer.Line("global::System.Span<float> gates = _gates;");
        if (model.Cell == CellType.Gru)
        {
            writer.Line("global::System.Span<float> hiddenGates = _hiddenGates;");
        }

        for (int layer = 0; layer < model.Layers; layer++)
        {
            string prefix = "Layer" + Format(layer);
            string bhn = model.Cell == CellType.Gru ? ", " + prefix + "Bhn" : string.Empty;
            string state = model.Cell == CellType.Lstm ? ", " + Slice("cells", layer) : string.Empty;
            string work = model.Cell == CellType.Gru ? "gates, hiddenGates" : "gates";
            writer.Line(forward + (layer == 0 ? ".StepFirstLayer(" : ".StepUpperLayer("));
            writer.Line("    " + (layer == 0 ? "id" : Slice("hidden", layer - 1)) + ",");
            writer.Line("    " + prefix + "Wxh, " + prefix + "Whh, " + prefix + "Bh" + bhn + ",");
            writer.Line("    " + Slice("hidden", layer) + state + ",");
            writer.Line("    " + work + ");");
        }

        writer.Close();
    }

    /// <summary>The fixed-size buffers the fields use; <c>GateRows</c> is the rows of a layer's Wxh, Whh and bh.</summary>
    public static void WriteBufferTypes(SourceWriter writer, CellType cell)
    {
        writer.Line("// The rows of a layer's Wxh, Whh and bh: one block of HiddenSize per gate.");
        writer.Line("private const int GateRows = " + Format(CellNames.GateCount(cell)) + " * HiddenSize;");
        writer.Line();
        WriteBuffer(writer, "HiddenState", "Layers * HiddenSize");
        writer.Line();
        WriteBuffer(writer, "GateVector", "GateRows");
        writer.Line();
        WriteBuffer(writer, "VocabularyVector", "VocabSize");
    }

    private static void WriteBuffer(SourceWriter writer, string name, string length)
    {
        writer.Line("[global::System.Runtime.CompilerServices.InlineArray(" + length + ")]");
        writer.Open("private struct " + name);
        writer.Line("private float _element0;");
        writer.Close();
    }

    private static string ForwardClass(CellType cell) => cell switch
    {
        CellType.Lstm => "LstmForward",
        CellType.Gru => "GruForward",
        _ => "RnnForward",
    };

    private static string Slice(string buffer, int layer) =>
        buffer + ".Slice(" + Format(layer) + " * HiddenSize, HiddenSize)";

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
