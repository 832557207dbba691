using CharRnn.Cells;
using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

/// <summary>Each cell is described once; the model format, the dynamic path and the generator read that description.</summary>
public class CellCatalogTests
{
    [Fact]
    public void Every_cell_type_has_one_description_and_its_name_round_trips()
    {
        Assert.Equal(Enum.GetValues<CellType>(), CellCatalog.All.Select(cell => cell.Type));
        foreach (CellDescription cell in CellCatalog.All)
        {
            Assert.Same(cell, CellCatalog.For(cell.Type));
            Assert.True(CellCatalog.TryParse(cell.Name, out CellType parsed));
            Assert.Equal(cell.Type, parsed);
            Assert.Contains(cell.Name, CellCatalog.KnownNames, StringComparison.Ordinal);
            Assert.Equal(cell.StepClass, cell.Step.Method.DeclaringType!.Name);
        }

        Assert.False(CellCatalog.TryParse("RNN", out _));
    }

    [Theory]
    [InlineData(CellType.Rnn, 1, 7, 1, 1)]
    [InlineData(CellType.Lstm, 2, 7, 4, 4)]
    [InlineData(CellType.Gru, 3, 7, 3, 6)]
    public void The_schema_and_the_sizes_follow_the_description(CellType type, int layers, int hidden, int gates, int scratchBlocks)
    {
        CellDescription cell = CellCatalog.For(type);
        Assert.Equal(gates * hidden, cell.GateRows(hidden));
        Assert.Equal(scratchBlocks * hidden, cell.ScratchLength(hidden));
        IReadOnlyList<TensorInfo> tensors = ModelSchema.ExpectedTensors(type, layers, hidden, vocabularySize: 11);
        Assert.Equal((layers * (3 + cell.ExtraBiases.Count)) + 2, tensors.Count);
        Assert.Equal(ModelSchema.ParameterCount(type, layers, hidden, 11), tensors.Sum(tensor => (long)tensor.Length));
        Assert.Equal(cell.BiasLength(hidden), tensors.Where(t => t.Name.StartsWith("layer0.b", StringComparison.Ordinal)).Sum(t => t.Length));
    }
}
