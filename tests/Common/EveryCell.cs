namespace CharRnn.Tests;

/// <summary>Theory data over every cell type, so a new cell is checked by every test that uses it without an edit.</summary>
internal static class EveryCell
{
    /// <summary>Each cell type with each of <paramref name="layers"/>.</summary>
    public static TheoryData<CellType, int> WithLayers(params int[] layers)
    {
        var data = new TheoryData<CellType, int>();
        foreach (CellType cell in Enum.GetValues<CellType>())
        {
            foreach (int count in layers)
            {
                data.Add(cell, count);
            }
        }

        return data;
    }
}
