namespace CharRnn.ModelFormat;

/// <summary>The spelling of each cell type in model files and on the command line.</summary>
public static class CellNames
{
    /// <summary>The names a user may give, for error messages.</summary>
    public const string Known = "rnn, lstm, gru";

    /// <summary>The lower-case name of <paramref name="cell"/>.</summary>
    public static string ToText(CellType cell) => cell switch
    {
        CellType.Rnn => "rnn",
        CellType.Lstm => "lstm",
        CellType.Gru => "gru",
        _ => throw new System.ArgumentOutOfRangeException(nameof(cell), cell, "unknown cell type"),
    };

    /// <summary>Parses a cell name; false when it names no known cell.</summary>
    public static bool TryParse(string text, out CellType cell)
    {
        switch (text)
        {
            case "rnn":
                cell = CellType.Rnn;
                return true;
            case "lstm":
                cell = CellType.Lstm;
                return true;
            case "gru":
                cell = CellType.Gru;
                return true;
            default:
                cell = default;
                return false;
        }
    }

    /// <summary>
    /// How many blocks of <c>H</c> rows a layer's Wxh, Whh and bh hold: one per gate (4 for the LSTM, 3 for the GRU).
    /// </summary>
    public static int GateCount(CellType cell) => cell switch
    {
        CellType.Lstm => 4,
        CellType.Gru => 3,
        _ => 1,
    };
}
