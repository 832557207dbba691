using System.CommandLine;
using System.Globalization;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn quantize</c>: writes the int8 copy of a float32 model (a model file of version 2: each matrix row as
/// int8 values and one float32 scale, biases in float32). stdout stays empty; one line on stderr says what was written.
/// </summary>
internal static class QuantizeCommand
{
    public static Command Create(Terminal terminal)
    {
        Option<string> model = Options.RequiredPath("--model", "The float32 model file (.charrnn) to quantize.");
        Option<string> output = Options.RequiredPath("--out", "The int8 model file to write (replaced whole, never left half-written).");
        var command = new Command("quantize",
            "Write an int8 copy of a float32 model: each matrix row as int8 values with one float32 scale, biases float32; near a quarter of the size for a large model.")
        {
            model, output,
        };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            string outPath = parse.GetValue(output)!;
            if (FilePaths.Same(modelPath, outPath))
            {
                throw new CommandException($"--out '{outPath}' is the model file itself; give the int8 model a file name of its own");
            }

            ModelFile file = ModelFiles.Load(modelPath);
            if (file.WeightFormat == WeightFormat.Int8)
            {
                throw new CommandException($"--model '{modelPath}' is already an int8 model; quantize the float32 model it was made from");
            }

            terminal.Error.WriteLine("wrote " + Write(file, new FileInfo(modelPath).Length, "--out", outPath));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Writes the int8 copy of <paramref name="model"/>, a float32 model whose file is <paramref name="floatBytes"/>
    /// long, to <paramref name="path"/> (given by <paramref name="option"/>), and returns what it wrote: the path, the
    /// counts and both sizes.
    /// </summary>
    /// <exception cref="TrainingException">The file cannot be written; the message names the option and the reason.</exception>
    public static string Write(ModelFile model, long floatBytes, string option, string path)
    {
        ModelFile int8 = model.QuantizeInt8();
        try
        {
            ModelFiles.Save(path, int8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite(option, path, "the int8 model", e);
        }

        long matrixWeights = 0, rows = 0, biases = 0;
        foreach (TensorInfo tensor in int8.Tensors)
        {
            if (tensor.IsVector)
            {
                biases += tensor.Length;
            }
            else
            {
                matrixWeights += tensor.Length;
                rows += tensor.Rows;
            }
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{path}: {matrixWeights} int8 weights with {rows} float32 row scales and {biases} float32 biases; {floatBytes} bytes as float32, {new FileInfo(path).Length} as int8");
    }
}
