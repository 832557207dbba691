using System.CommandLine;
using System.Globalization;
using CharRnn.ModelFormat;
using CharRnn.Training.Export;
using CharRnn.Training.Export.Onnx;
using CharRnn.Cells;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn export</c>: writes a model for other tools, its tensors as safetensors (numpy, PyTorch) or one sampling
/// step as an ONNX model (ONNX Runtime and other ONNX runtimes). stdout stays empty; one line on stderr says what was
/// written.
/// </summary>
internal static class ExportCommand
{
    private static readonly string[] KnownFormats = ["safetensors", "onnx"];

    public static Command Create(Terminal terminal)
    {
        Option<string> model = Options.RequiredPath("--model", "The model file (.charrnn) to export.");
        Option<string> format = Options.Checked<string>("--format",
            "The format to write: safetensors (the tensors, float32 or int8) or onnx (one sampling step of a float32 model, opset "
            + OnnxStepGraph.Opset.ToString(CultureInfo.InvariantCulture) + "; docs/interop.md).", null, "a format name",
            (string text, out string value) => (value = text) is not null,
            value => KnownFormats.Contains(value) ? null : "one of: " + string.Join(", ", KnownFormats));
        format.Required = true;
        Option<string> output = Options.RequiredPath("--out", "The file to write (replaced whole, never left half-written).");
        var command = new Command("export",
            "Write a model for other tools: its tensors (same names, row-major; float32, or int8 matrices with row scales) and what sampling needs as a safetensors file, or one sampling step as an ONNX model.")
        {
            model, format, output,
        };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            string outPath = parse.GetValue(output)!;
            if (FilePaths.Same(modelPath, outPath))
            {
                throw new CommandException($"--out '{outPath}' is the model file itself; choose another file name");
            }

            ModelFile file = ModelFiles.Load(modelPath);
            string written = parse.GetValue(format) == "onnx" ? SaveOnnx(modelPath, outPath, file) : SaveSafetensors(outPath, file);
            terminal.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath}: {written} ({CellCatalog.Name(file.Cell)}, {file.Layers} layer(s), hidden size {file.HiddenSize}, {file.VocabularySize} characters)"));
            return 0;
        });
        return command;
    }

    private static string SaveSafetensors(string outPath, ModelFile file)
    {
        SafetensorsFile.Save(outPath, file);
        string weights = file.WeightFormat == WeightFormat.Int8
            ? $"{file.Weights.Length} weights, the matrices as int8 with float32 row scales"
            : $"{file.Weights.Length} float32 weights";
        return $"{file.Tensors.Count} tensors, {weights}";
    }

    private static string SaveOnnx(string modelPath, string outPath, ModelFile file)
    {
        // A graph of the dequantized weights would sample the float network, not what the int8 sampler samples
        // (it rounds each layer's input to int8 too), so an int8 model is refused rather than exported as something else.
        if (file.WeightFormat == WeightFormat.Int8)
        {
            throw new CommandException($"'{modelPath}' holds int8 weights; --format onnx writes float32 models only: export the float32 model it was quantized from");
        }

        ExportFile.Save(outPath, OnnxStepGraph.Build(file), "model.onnx");
        return string.Create(CultureInfo.InvariantCulture,
            $"one sampling step as ONNX (IR {OnnxStepGraph.IrVersion}, opset {OnnxStepGraph.Opset}), {file.Weights.Length} float32 weights");
    }
}
