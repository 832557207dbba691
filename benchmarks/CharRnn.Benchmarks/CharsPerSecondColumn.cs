using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CharRnn.Benchmarks;

/// <summary>Training throughput: the characters of one step (<see cref="TrainingConfiguration.CharsPerStep"/>) over its mean time.</summary>
public sealed class CharsPerSecondColumn : IColumn
{
    public string Id => nameof(CharsPerSecondColumn);

    public string ColumnName => "chars/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Characters trained per second: batch size × sequence length ÷ mean time per step";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } statistics
            || benchmarkCase.Parameters[nameof(TrainingBenchmarks.Configuration)] is not TrainingConfiguration configuration)
        {
            return "-";
        }

        return (configuration.CharsPerStep / (statistics.Mean / 1e9)).ToString("N0", CultureInfo.InvariantCulture);
    }

    /// <summary>Adds the column to a benchmark class's summary: <c>[Config(typeof(CharsPerSecondColumn.Config))]</c>.</summary>
    public sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new CharsPerSecondColumn());
            SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(48); // the configurations' whole names
        }
    }
}
