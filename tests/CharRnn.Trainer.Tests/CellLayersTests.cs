using CharRnn.Cells;
using CharRnn.Training;
using CharRnn.Training.Cells;
using CharRnn.Training.Optimizers;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// <see cref="CellLayers"/>, the trainer's one registration of a layer per cell: every cell of the catalog has one, a
/// cell without one is refused rather than trained as another, and the defaults <see cref="TrainingOptions"/> resolves
/// are the ones its layer declares.
/// </summary>
public class CellLayersTests
{
    public static TheoryData<CellType> Cells() => [.. CellCatalog.All.Select(description => description.Type)];

    [Theory]
    [MemberData(nameof(Cells))]
    public void Every_cell_of_the_catalog_has_a_layer_and_training_defaults(CellType cell)
    {
        CellTrainingDefaults defaults = CellLayers.TrainingDefaults(cell);

        Assert.Equal(defaults.ChunkLength, TrainingOptions.DefaultSeqLength(cell));
        Assert.Equal(defaults.Dropout, TrainingOptions.DefaultDropout(cell));
        Assert.Equal(defaults.ResetEvery, TrainingOptions.DefaultResetEvery(cell));
        Assert.Equal(defaults.AdamLearningRate ?? Optimizer<float>.DefaultLearningRate(OptimizerKind.Adam),
            TrainingOptions.DefaultLearningRate(OptimizerKind.Adam, cell));
    }

    [Theory]
    [InlineData(CellType.Rnn, 3e-3, 25, 0.05, 0)]
    [InlineData(CellType.Lstm, 3e-3, 50, 0.1, 20)]
    [InlineData(CellType.Gru, 2e-3, 50, 0.25, 0)]
    public void The_measured_defaults_are_kept(CellType cell, double adam, int chunk, double dropout, int resetEvery)
    {
        var options = new TrainingOptions { CorpusPath = "", OutputPath = "", Cell = cell };

        Assert.Equal(adam, options.BaseLearningRate);
        Assert.Equal(chunk, options.ChunkLength);
        Assert.Equal(dropout, options.DropoutProbability);
        Assert.Equal(resetEvery, options.StreamResetPeriod);
        Assert.Equal(0.1, TrainingOptions.DefaultLearningRate(OptimizerKind.Adagrad, cell));
    }

    [Fact]
    public void A_cell_without_a_layer_is_an_error()
    {
        const CellType unknown = (CellType)99;

        Assert.Throws<ArgumentOutOfRangeException>(() => CellLayers.TrainingDefaults(unknown));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingOptions.DefaultDropout(unknown));
    }
}
