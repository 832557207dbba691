using System.CommandLine;
using System.CommandLine.Help;
using CharRnn.ModelFormat;
using CharRnn.Training.Corpus;
using CharRnn.Training.Interop;

namespace CharRnn.Training.Commands;

/// <summary>
/// The <c>charrnn</c> command line. Every user error ends as one line <c>charrnn: error: …</c> on stderr and a
/// non-zero exit code (2 for a bad command line, 1 for bad input), never a stack trace.
/// </summary>
internal static class CharRnnCli
{
    public static int Run(string[] args, Terminal terminal)
    {
        var root = new RootCommand("Train character-level RNNs, sample them and evaluate them.")
        {
            TrainCommand.Create(terminal),
            SampleCommand.Create(terminal),
            EvalCommand.Create(terminal),
            ExportCommand.Create(terminal),
            ImportCommand.Create(terminal),
            QuantizeCommand.Create(terminal),
            VanishingCommand.Create(terminal),
            SeriesCommand.Create(terminal),
            SweepCommand.Create(terminal),
            PlotGradNormCommand.Create(terminal),
            CellsCommand.Create(terminal),
        };
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            // One line whatever the parser found; its messages may hold line breaks and tabs (lists of choices).
            string messages = string.Join("; ", parse.Errors.Select(error => error.Message.TrimEnd('.')));
            terminal.WriteError(string.Join(' ', messages.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
                + " (see charrnn --help)");

            return 2;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = terminal.OutputWriter,
                Error = terminal.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e) when (e is CorpusException or ModelFormatException or TrainingException or CommandException or ImportException
            or IOException or UnauthorizedAccessException)
        {
            terminal.WriteError(e.Message);
            return 1;
        }
    }
}
