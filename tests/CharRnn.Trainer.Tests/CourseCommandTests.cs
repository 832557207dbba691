using System.Globalization;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// <c>charrnn vanishing</c> and <c>charrnn series</c> on tiny configurations: the report's tables have the right
/// rows and columns and sensible numbers, the plot is a PNG, and nonsense options end in one clear line.
/// </summary>
public class CourseCommandTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Vanishing_reports_accuracy_per_length_and_cell_and_plots_the_gradient_norms()
    {
        using var files = new TestFiles();
        string folder = files.PathOf("vanishing/out");
        (int exit, _, string error) = CliTests.Run("vanishing", "--lengths", "3,12", "--cells", "rnn,gru", "--hidden", "8",
            "--steps", "20", "--out", folder);
        Assert.True(exit == 0, error);
        string report = File.ReadAllText(Path.Combine(folder, "report.md"));
        List<string[]> accuracy = Table(report, "## Held-out accuracy");
        Assert.Equal(["length", "rnn", "gru"], accuracy[0]);
        Assert.Equal(["3", "12"], accuracy.Skip(1).Select(row => row[0]));
        Assert.All(accuracy.Skip(1).SelectMany(row => row.Skip(1)), cell => Assert.InRange(Percent(cell), 0, 100));
        Assert.Contains("(chance: 25.0%)", report);
        List<string[]> gradients = Table(report, "## ‖∂L/∂h_t‖");
        Assert.Equal(["distance", "rnn at init", "rnn trained", "gru at init", "gru trained"], gradients[0]);
        Assert.Equal(["0", "1", "2", "5", "10", "11"], gradients.Skip(1).Select(row => row[0]));
        Assert.All(gradients.Skip(1).SelectMany(row => row.Skip(1)),
            cell => Assert.True(double.Parse(cell, CultureInfo.InvariantCulture) > 0, cell));
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(folder, "gradient-norms.png"))[..8]);
    }

    [Fact]
    public void Series_reports_the_networks_mse_beside_the_baselines_per_epoch_and_plots_the_predictions()
    {
        using var files = new TestFiles();
        string folder = files.PathOf("series");
        (int exit, _, string error) = CliTests.Run("series", "--cell", "gru", "--hidden", "8", "--epochs", "3", "--seed", "2", "--out", folder);
        Assert.True(exit == 0, error);
        string report = File.ReadAllText(Path.Combine(folder, "report.md"));
        List<string[]> mse = Table(report, "## Mean squared error");
        Assert.Equal(["predictor", "train MSE", "validation MSE"], mse[0]);
        Assert.Equal(4, mse.Count);
        double[] validation = [.. mse.Skip(1).Select(row => double.Parse(row[2], CultureInfo.InvariantCulture))];
        // Noise 0.1: the clean sine's MSE is about 0.01; repeating the last value costs about 0.04; even 3 tiny epochs beat that.
        Assert.InRange(validation[2], 0.007, 0.013);
        Assert.True(validation[0] < validation[1], $"network {validation[0]}, repeat the last value {validation[1]}");
        Assert.Equal(["1", "2", "3"], Table(report, "## By epoch").Skip(1).Select(row => row[0]));
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(folder, "series.png"))[..8]);
    }

    [Theory]
    [InlineData("--lengths", "", "--lengths is ''")]
    [InlineData("--lengths", "5,,10", "comma-separated list of whole numbers")]
    [InlineData("--lengths", "1,5", "from 2")]
    [InlineData("--lengths", "5,5", "different lengths")]
    [InlineData("--lengths", "ten", "comma-separated list of whole numbers")]
    [InlineData("--cells", "", "--cells is ''")]
    [InlineData("--cells", "rnn,transformer", "rnn, lstm, gru")]
    [InlineData("--cells", "gru,gru", "each cell once")]
    [InlineData("--hidden", "0", "--hidden is 0")]
    [InlineData("--steps", "-3", "--steps is -3")]
    public void Vanishing_refuses_nonsense_in_one_line(string option, string value, string message)
    {
        using var files = new TestFiles();
        Assert.Contains(message, AssertFails("vanishing", "--out", files.PathOf("out"), option, value));
        Assert.False(Directory.Exists(files.PathOf("out")));
    }

    [Theory]
    [InlineData("--cell", "lstm2", "rnn, lstm, gru")]
    [InlineData("--noise", "-0.1", "--noise is -0.1")]
    [InlineData("--epochs", "0", "--epochs is 0")]
    [InlineData("--hidden", "x", "--hidden is 'x'")]
    public void Series_refuses_nonsense_in_one_line(string option, string value, string message)
    {
        using var files = new TestFiles();
        Assert.Contains(message, AssertFails("series", "--out", files.PathOf("out"), option, value));
    }

    [Fact]
    public void An_out_path_that_is_a_file_is_refused_before_any_training()
    {
        using var files = new TestFiles();
        string file = files.Write("taken", "x");
        Assert.Contains("is a file", AssertFails("vanishing", "--out", file, "--steps", "1000000"));
        Assert.Contains("is a file", AssertFails("series", "--out", file, "--epochs", "100000"));
    }

    // One line on stderr, nothing on stdout, a non-zero exit code.
    private static string AssertFails(params string[] args)
    {
        (int exit, string output, string error) = CliTests.Run(args);
        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        Assert.StartsWith("charrnn: error: ", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        return error;
    }

    // The markdown table after the heading that starts with `heading`: its header row, then its data rows (the
    // alignment row left out), each split into trimmed cells.
    private static List<string[]> Table(string markdown, string heading)
    {
        string[] lines = markdown.Split('\n');
        int at = Array.FindIndex(lines, line => line.StartsWith(heading, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no heading '{heading}'");
        List<string[]> rows = [.. lines.Skip(at + 1).SkipWhile(line => !line.StartsWith('|')).TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())];
        Assert.True(rows.Count >= 2 && rows[1].All(cell => cell.Trim(':').All(c => c == '-')), $"'{heading}' has no markdown table");
        Assert.All(rows, row => Assert.Equal(rows[0].Length, row.Length));
        rows.RemoveAt(1);
        return rows;
    }

    private static double Percent(string cell)
    {
        Assert.EndsWith("%", cell);
        return double.Parse(cell.TrimEnd('%'), CultureInfo.InvariantCulture);
    }
}
