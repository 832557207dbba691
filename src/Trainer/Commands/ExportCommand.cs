using System.CommandLine;
using System.Globalization;
using CharRnn.ModelFormat;
using CharRnn.Training.Export;
using CharRnn.Cells;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn export</c>: writes a model's tensors in another format for other tools (numpy, PyTorch). stdout stays
/// empty; one line on stderr says what was written.
/// </summary>
internal static class ExportCommand
{
    private const string KnownFormats = "safetensors";

    public static Command Create(Terminal terminal)
    {
        Option<string> model = Options.RequiredPath("--model", "The model file (.charrnn) to export.");
        Option<string> format = Options.Checked<string>("--format", "The format to write: safetensors.", null, "a format name",
            (string text, out string value) => (value = text) is not null,
            value => value == "safetensors" ? null : "one of: " + KnownFormats);
        format.Required = true;
        Option<string> output = Options.RequiredPath("--out", "The file to write (replaced whole, never left half-written).");
        var command = new Command("export",
            "Write a model's tensors (same names, row-major; float32, or int8 matrices with row scales) and what sampling needs as a safetensors file.")
        {
            model, format, output,
        };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            string outPath = parse.GetValue(output)!;
            if (string.Equals(Path.GetFullPath(modelPath), Path.GetFullPath(outPath), StringComparison.Ordinal))
            {
                throw new CommandException($"--out '{outPath}' is the model file itself; choose another file name");
            }

            ModelFile file = ModelFiles.Load(modelPath);
            SafetensorsFile.Save(outPath, file);
            string weights = file.WeightFormat == WeightFormat.Int8
                ? $"{file.Weights.Length} weights, the matrices as int8 with float32 row scales"
                : $"{file.Weights.Length} float32 weights";
            terminal.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath}: {file.Tensors.Count} tensors, {weights} ({CellCatalog.Name(file.Cell)}, {file.Layers} layer(s), hidden size {file.HiddenSize}, {file.VocabularySize} characters)"));
            return 0;
        });
        return command;
    }
}
