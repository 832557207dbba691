using System.CommandLine;
using CharRnn.Training.Plotting;

namespace CharRnn.Training.Commands;

/// <summary><c>charrnn plot-grad-norm</c>: the course's exploding-gradient picture from <c>train --log-grad-norm</c> files.</summary>
internal static class PlotGradNormCommand
{
    public static Command Create(Terminal terminal)
    {
        var logs = new Option<string[]>("--log")
        {
            Description = "A file written by train --log-grad-norm; repeat to overlay runs (each labelled by its file name).",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        Option<string> output = Options.RequiredPath("--out", "The picture to write: .png or .svg.");
        TrainCommand.RequirePlotExtension(output);

        var command = new Command("plot-grad-norm", "Draw the gradient norm per step of --log-grad-norm files on a log scale.") { logs, output };
        command.SetAction(parse =>
        {
            GradientNormSeries[] series = [.. parse.GetValue(logs)!.Select(GradientNormLogPlot.Read)];
            string path = parse.GetValue(output)!;
            GradientNormLogPlot.Write(path, series);
            terminal.Error.WriteLine($"gradient norms of {series.Length} run(s) drawn to {path}");
            return 0;
        });
        return command;
    }
}
