using CharRnn.ModelFormat;

namespace CharRnn.Training.Export.Onnx;

/// <summary>
/// The gated cells' elementwise half as ONNX nodes, from the input half <c>bh + Wxh·x</c> and the recurrent half
/// <c>Whh·h</c> (each [1, G·H]) to the layer's new state, in the operations and order of CharRnn's LstmGates and
/// GruGates.
/// </summary>
internal static class OnnxCellSteps
{
    /// <summary>
    /// Gates <c>[i, f, g, o]</c> of <c>a = input + recurrent</c>: <c>c = σ(f)⊙c + σ(i)⊙tanh(g)</c>,
    /// <c>h = σ(o)⊙tanh(c)</c>. Produces the layer's next h and c outputs; returns h.
    /// </summary>
    public static string Lstm(OnnxGraphBuilder graph, string inputHalf, string recurrentHalf, string cellState, int layer)
    {
        string[] gates = graph.Split(graph.Op("Add", [inputHalf, recurrentHalf]), 4);
        string input = graph.Op("Sigmoid", [gates[0]]);
        string forget = graph.Op("Sigmoid", [gates[1]]);
        string candidate = graph.Op("Tanh", [gates[2]]);
        string output = graph.Op("Sigmoid", [gates[3]]);
        string nextCell = graph.Op("Add",
            [graph.Op("Mul", [forget, cellState]), graph.Op("Mul", [input, candidate])],
            OnnxStepGraph.NextCellState(layer));
        return graph.Op("Mul", [output, graph.Op("Tanh", [nextCell])], OnnxStepGraph.NextHidden(layer));
    }

    /// <summary>
    /// Gates <c>[r, z, n]</c>: <c>r = σ(x_r + u_r)</c>, <c>z = σ(x_z + u_z)</c>, <c>n = tanh(x_n + r⊙(u_n + bhn))</c>,
    /// <c>h = (1 − z)⊙n + z⊙h</c>, with x the input half and u the recurrent half. Produces and returns the next h.
    /// </summary>
    public static string Gru(OnnxGraphBuilder graph, string inputHalf, string recurrentHalf, string resetBias, string hidden, int layer)
    {
        string[] x = graph.Split(inputHalf, 3);
        string[] u = graph.Split(recurrentHalf, 3);
        string reset = graph.Op("Sigmoid", [graph.Op("Add", [x[0], u[0]])]);
        string update = graph.Op("Sigmoid", [graph.Op("Add", [x[1], u[1]])]);
        string scaled = graph.Op("Mul", [reset, graph.Op("Add", [u[2], resetBias])]);
        string candidate = graph.Op("Tanh", [graph.Op("Add", [x[2], scaled])]);
        string keep = graph.Op("Sub", [graph.Constant(ModelSchema.LayerTensor(layer, "one"), [], [1f]), update]);
        return graph.Op("Add",
            [graph.Op("Mul", [keep, candidate]), graph.Op("Mul", [update, hidden])],
            OnnxStepGraph.NextHidden(layer));
    }
}
