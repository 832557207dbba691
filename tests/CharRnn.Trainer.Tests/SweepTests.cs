using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using CharRnn.ModelFormat;
using CharRnn.Training;
using CharRnn.Training.Course;

namespace CharRnn.Trainer.Tests;

/// <summary><c>charrnn sweep</c> on a tiny configuration: the report, the plots, the models, the errors.</summary>
public class SweepTests
{
    // The rows of the report's one table, each split into its cells (escaped pipes in samples kept inside a cell).
    private static List<string[]> Table(string report) =>
        [.. report.Split('\n').Where(line => line.StartsWith('|'))
            .Select(line => line.Trim('|').Replace("\\|", "\u0001", StringComparison.Ordinal).Split('|')
                .Select(cell => cell.Trim().Replace("\u0001", "\\|", StringComparison.Ordinal)).ToArray())];

    private static void AssertSvg(string path) => Assert.Equal("svg", XDocument.Load(path).Root!.Name.LocalName);

    [Theory]
    [InlineData("lstm", 0.003, 50)]
    [InlineData("gru", 0.002, 50)]
    [InlineData("rnn", 0.003, 25)]
    public void A_sweep_trains_at_trains_default_rate_and_chunk_length_for_the_cell(string cell, double rate, int seqLength)
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        string output = files.PathOf("sweep");
        (int exit, _, string error) = CliTests.Run("sweep", "--hidden", "4", "--cell", cell, "--corpus", corpus, "--epochs", "1", "--out", output);
        Assert.True(exit == 0, error);
        JsonElement first = JsonDocument.Parse(File.ReadLines(Path.Combine(output, "hidden-4.jsonl")).First()).RootElement;
        Assert.Equal(rate, first.GetProperty("lr").GetDouble());
        Assert.Equal(32L * seqLength * first.GetProperty("step").GetInt64(), first.GetProperty("chars").GetInt64()); // 32 streams
    }

    [Fact]
    public void A_tiny_sweep_writes_a_table_row_per_size_the_plots_and_a_loadable_model_and_metrics_per_size()
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText + TestFiles.PatternText);
        string output = files.PathOf("sweep");
        (int exit, string stdout, string error) = CliTests.Run("sweep", "--hidden", "4,8", "--corpus", corpus, "--corpus-chars", "9000",
            "--epochs", "2", "--out", output, "--seed", "3");
        Assert.True(exit == 0, error);
        Assert.Equal("", stdout);

        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        List<string[]> table = Table(report);
        Assert.Equal(SweepReport.Columns, table[0]);
        Assert.All(table[1], cell => Assert.Matches("^-*:?$|^---:$", cell));
        Assert.Equal(4, table.Count); // header, separator, two sizes
        for (int row = 2; row < 4; row++)
        {
            string[] cells = table[row];
            Assert.Equal(SweepReport.Columns.Length, cells.Length);
            int hidden = row == 2 ? 4 : 8;
            Assert.Equal(hidden.ToString(CultureInfo.InvariantCulture), cells[0]);
            ModelFile model = ModelFiles.Load(Path.Combine(output, $"hidden-{hidden}.charrnn"));
            Assert.Equal(hidden, model.HiddenSize);
            Assert.Equal(model.Weights.Length, int.Parse(cells[1], CultureInfo.InvariantCulture));
            Assert.Equal(model.Facts.ValidationLoss, double.Parse(cells[4], CultureInfo.InvariantCulture), 6e-5);
            foreach (int column in new[] { 2, 3, 4 })
            {
                Assert.True(double.Parse(cells[column], CultureInfo.InvariantCulture) > 0, $"column {SweepReport.Columns[column]}: {cells[column]}");
            }

            // A wall-clock time: a tiny model's epoch may round to 0.00 s on a fast machine, never below.
            Assert.True(double.Parse(cells[5], CultureInfo.InvariantCulture) >= 0, $"column {SweepReport.Columns[5]}: {cells[5]}");

            Assert.Equal("2", cells[6]);
            Assert.Equal("finished", cells[7]);
            Assert.NotEqual("—", cells[8]);
            string[] metrics = File.ReadAllLines(Path.Combine(output, $"hidden-{hidden}.jsonl"));
            Assert.Equal(2, metrics.Length); // an evaluation per epoch
            // char-rnn's schedule: no cooldown, so the last step of the run still has Adam's full rate (the rnn's 0.003).
            Assert.All(metrics, line => Assert.Equal(0.003, JsonDocument.Parse(line).RootElement.GetProperty("lr").GetDouble()));
        }

        Assert.Contains("charrnn sweep --hidden 4,8 --corpus", report);
        Assert.Contains("its first 9000 characters", report);
        Assert.Contains("### Hidden size 4", report);
        Assert.Contains("2 of 2 sizes finished", report);
        AssertSvg(Path.Combine(output, "loss.svg"));
        AssertSvg(Path.Combine(output, "seconds-per-epoch.svg"));
        Assert.Contains("hidden 8: validation", File.ReadAllText(Path.Combine(output, "loss.svg")));
    }

    [Fact]
    public void An_interrupted_sweep_saves_the_run_in_progress_and_reports_the_sizes_it_did_not_run()
    {
        using var files = new TestFiles();
        string output = files.PathOf("sweep");
        var options = new SweepOptions
        {
            HiddenSizes = [4, 8],
            OutputDirectory = output,
            CommandLine = "charrnn sweep …",
            Training = new TrainingOptions { CorpusPath = files.Write("pattern.txt", TestFiles.PatternText), OutputPath = output, Epochs = 1 },
        };
        using var cancellation = new CancellationTokenSource();
        IReadOnlyList<SweepRun> runs = HiddenSizeSweep.Run(options, new CancelAtStep(cancellation, 1), cancellation.Token);

        Assert.True(runs[0].Result!.Interrupted);
        Assert.Equal(1, runs[0].Result!.Steps);
        Assert.Null(runs[1].Result);
        Assert.Equal(4, ModelFiles.Load(Path.Combine(output, "hidden-4.charrnn")).HiddenSize); // saved as train saves on Ctrl+C
        Assert.False(File.Exists(Path.Combine(output, "hidden-8.charrnn")));
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        List<string[]> table = Table(report);
        Assert.Equal("interrupted", table[2][7]);
        Assert.Equal(["8", "—", "—", "—", "—", "—", "0", "not run", "—"], table[3]);
        Assert.Contains("0 of 2 sizes finished", report);
        AssertSvg(Path.Combine(output, "loss.svg"));
    }

    [Theory]
    [InlineData("", "--hidden is empty; give sizes separated by commas, such as 8,64,256")]
    [InlineData("8,,64", "--hidden '8,,64' has an empty entry")]
    [InlineData("8,big", "--hidden '8,big' has 'big', which is not a whole number")]
    [InlineData("8,2.5", "--hidden '8,2.5' has '2.5', which is not a whole number")]
    [InlineData("64,8,64", "--hidden '64,8,64' lists 64 twice; give each size once")]
    [InlineData("0,8", "--hidden '0,8' has 0; each size must be 1 to")]
    [InlineData("8,99999999999", "--hidden '8,99999999999' has 99999999999; each size must be 1 to")]
    public void The_size_list_is_checked(string sizes, string message)
    {
        using var files = new TestFiles();
        CommandLineErrors.AssertRejected(files, message, "sweep", "--hidden", sizes, "--out", files.PathOf("sweep"));
        Assert.False(Directory.Exists(files.PathOf("sweep")));
    }

    [Fact]
    public void An_out_path_that_is_a_file_is_refused()
    {
        using var files = new TestFiles();
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        (int exit, _, string error) = CliTests.Run("sweep", "--hidden", "4", "--corpus", corpus, "--out", corpus);
        Assert.Equal(1, exit);
        Assert.Equal($"charrnn: error: --out '{corpus}' is a file; give a folder for the sweep's report, models and plots\n", error);
    }
}
