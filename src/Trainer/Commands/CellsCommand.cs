using System.CommandLine;
using System.Globalization;
using System.Text;
using CharRnn.IO;
using CharRnn.ModelFormat;
using CharRnn.Training.Corpus;
using CharRnn.Training.Course;
using CharRnn.Cells;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn cells</c>: one standalone HTML page that colours a text by a chosen unit's activation and ranks units
/// by their correlation with simple per-character features (docs/course/cells.md). stdout gets the top units per
/// feature as a markdown table; one line on stderr says what was written.
/// </summary>
internal static class CellsCommand
{
    /// <summary>Characters × units the page may hold: about 5.3 MB of base64, which a browser still opens quickly.</summary>
    public const long MaxActivations = 4_000_000;

    private const int UnitsListed = 3;

    public static Command Create(Terminal terminal)
    {
        Option<string> model = Options.RequiredPath("--model", "The model file (.charrnn) to look inside.");
        Option<string> text = Options.RequiredPath("--text",
            "The text to run through the model, read like a training corpus (UTF-8, CRLF and CR read as LF); every character must be in the model's vocabulary.");
        Option<string> output = Options.RequiredPath("--out", "The HTML page to write (replaced whole).");
        Option<int> maxChars = Options.Int("--max-chars", 3000, 2, 1_000_000,
            "Use at most this many characters from the start of the text (the page holds one byte per character and unit).");
        Option<int?> layer = Options.Checked<int?>("--layer", "The layer to show, 1 the bottom one (default: the top layer).", null,
            "a whole number", (string value, out int? parsed) => (parsed = Options.ParseInt(value, out int number) ? number : null) is not null,
            value => value >= 1 && value <= ModelSchema.MaxLayers ? null : $"1 to {ModelSchema.MaxLayers}");
        Option<string?> state = Options.Checked<string?>("--state",
            $"h (hidden state) or c (the cell state of {CellsWithCellState(", ")}, shown as tanh(c)); default: c for a cell that carries one, h otherwise.", null, "h or c",
            (string value, out string? parsed) => (parsed = value) is not null, value => value is "h" or "c" ? null : "h or c");
        var command = new Command("cells",
            "Write one standalone HTML page colouring a text by a hidden unit's activation, with units ranked by correlation with simple features.")
        {
            model, text, output, maxChars, layer, state,
        };
        command.SetAction(parse =>
        {
            Run(new CellsRequest(parse.GetValue(model)!, parse.GetValue(text)!, parse.GetValue(output)!,
                parse.GetValue(maxChars), parse.GetValue(layer), parse.GetValue(state)), terminal);
            return 0;
        });
        return command;
    }

    private static void Run(CellsRequest request, Terminal terminal)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        if (SamePath(request.Output, request.Model) || SamePath(request.Output, request.Text))
        {
            throw new CommandException($"--out '{request.Output}' is an input file; choose another file name for the page");
        }

        ModelFile file = ModelFiles.Load(request.Model);
        int layer = (request.Layer ?? file.Layers) - 1;
        if (layer >= file.Layers)
        {
            throw new CommandException($"--layer is {request.Layer} but the model has {file.Layers} layer(s); pick 1 to {file.Layers}");
        }

        CellsState state = StateOf(request.State, file.Cell);
        int[] all = ReadText(request.Text);
        int[] text = all[..Math.Min(all.Length, request.MaxChars)];
        if (text.Length < 2)
        {
            throw new CommandException($"--text '{request.Text}' has one character; correlations need at least two");
        }

        if ((long)text.Length * file.HiddenSize > MaxActivations)
        {
            throw new CommandException(string.Create(CultureInfo.InvariantCulture,
                $"{text.Length} characters × {file.HiddenSize} units is above the page's limit of {MaxActivations:N0} values; lower --max-chars to {MaxActivations / file.HiddenSize} or less"));
        }

        var model = new DynamicModel(file);
        CheckVocabulary(model.Vocabulary.AsSpan(), text, request.Text);
        float[] activations = CellsActivations.Record(model, text, layer, state);
        FeatureCorrelations[] features = [.. CellsFeatures.Compute(text).Select(feature => CellsRanking.Correlate(activations, file.HiddenSize, feature))];
        string what = string.Create(CultureInfo.InvariantCulture,
            $"layer {layer + 1}'s {(state == CellsState.Cell ? "cell state c, shown as tanh(c)" : "hidden state h")}");
        string page = CellsPage.Render(new CellsPageData(
            $"{Path.GetFileName(request.Model)} on {Path.GetFileName(request.Text)}",
            string.Create(CultureInfo.InvariantCulture,
                $"Model: {CellCatalog.Name(file.Cell)}, {file.Layers} layer(s) of {file.HiddenSize} units. Showing {what} after each of the first {text.Length} of the text's {all.Length} characters, run from the zero state through the runtime that samples; values rounded to steps of 1/127."),
            text, all.Length, file.HiddenSize, activations, features));
        byte[] bytes = Encoding.UTF8.GetBytes(page);
        AtomicFile.Write(request.Output, bytes);

        WriteRanking(terminal.OutputWriter, features);
        terminal.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {request.Output}: {text.Length} characters × {file.HiddenSize} units of {what}, {bytes.Length / 1024.0:F0} KiB, in {stopwatch.Elapsed.TotalSeconds:F1} s"));
    }

    private static CellsState StateOf(string? state, CellType cell)
    {
        bool hasCellState = CellCatalog.For(cell).HasCellState;
        if (state == "c" && !hasCellState)
        {
            throw new CommandException($"--state c needs an {CellsWithCellState(" or ").ToUpperInvariant()} model; this one is {CellCatalog.Name(cell)}, whose only state is h (use --state h or leave it out)");
        }

        return state == "c" || (state is null && hasCellState) ? CellsState.Cell : CellsState.Hidden;
    }

    // The cells that carry a cell state c: "lstm".
    private static string CellsWithCellState(string separator) =>
        string.Join(separator, CellCatalog.All.Where(description => description.HasCellState).Select(description => description.Name));

    private static int[] ReadText(string path)
    {
        try
        {
            return CorpusReader.Read(path);
        }
        catch (CorpusException e)
        {
            throw new CommandException("--text: " + e.Message);
        }
    }

    // The strongest units per feature, as a markdown table a reader can paste.
    private static void WriteRanking(TextWriter writer, IEnumerable<FeatureCorrelations> features)
    {
        writer.WriteLine("| feature | strongest units: unit (r) |");
        writer.WriteLine("|---|---|");
        foreach (FeatureCorrelations feature in features)
        {
            RankedUnit[] top = feature.Top(UnitsListed);
            string units = top.Length == 0 ? "r undefined (the feature is constant over this text)"
                : string.Join(", ", top.Select(ranked => string.Create(CultureInfo.InvariantCulture, $"{ranked.Unit} ({ranked.R:+0.000;-0.000})")));
            writer.WriteLine($"| {feature.Feature.Name} | {units} |");
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private sealed record CellsRequest(string Model, string Text, string Output, int MaxChars, int? Layer, string? State);

    // Names the first unknown character by line and column, where an editor finds it.
    private static void CheckVocabulary(ReadOnlySpan<int> vocabulary, int[] text, string textPath)
    {
        int line = 1, column = 1;
        for (int t = 0; t < text.Length; t++)
        {
            if (CompilerServices.Vocabulary.IdOf(vocabulary, text[t]) < 0)
            {
                throw new CommandException(string.Create(CultureInfo.InvariantCulture,
                    $"--text '{textPath}' has {CompilerServices.Vocabulary.Describe(new Rune(text[t]))} at line {line}, column {column} (character {t + 1}), which is not in the model's vocabulary; remove or replace it, or use a model trained on text that has it"));
            }

            (line, column) = text[t] == '\n' ? (line + 1, 1) : (line, column + 1);
        }
    }
}
