namespace CharRnn.ModelFormat;

/// <summary>The spelling of each cell type in model files and on the command line.</summary>
public static class CellNames
{
    /// <summary>The lower-case name of <paramref name="cell"/>.</summary>
    public static string ToText(CellType cell) => cell switch
    {
        CellType.Rnn => "rnn",
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
            default:
                cell = default;
                return false;
        }
    }

    /// <summary>The names a user may give, for error messages.</summary>
    public const string Known = "rnn";
}
