using System.CommandLine;
using System.Globalization;
using CharRnn.Cells;
using CharRnn.Training.Interop;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn import</c>: a PyTorch character model's state dict (safetensors) and its vocabulary (JSON) as a
/// float32 CharRnn model (docs/interop.md). Everything is read and checked before anything is written. stdout stays
/// empty; one line on stderr says what was written.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(Terminal terminal)
    {
        Option<string> stateDict = Options.RequiredPath("--state-dict",
            "The model's state dict as safetensors (safetensors.torch.save_file(model.state_dict(), FILE)), float32.");
        Option<string> vocab = Options.RequiredPath("--vocab", "The vocabulary: a JSON array of one-character strings, id 0 first.");
        Option<string> output = Options.RequiredPath("--out", "The model file (.charrnn) to write (replaced whole, never left half-written).");
        Option<string?> cell = Options.Checked<string?>("--cell",
            $"The cell, checked against the weights: {CellHelp.NamesInProse()} (default: told by the gate count; rnn means tanh).", null,
            "a cell name", (string text, out string? value) => (value = text).Length > 0,
            name => CellCatalog.TryParse(name!, out _) ? null : "one of: " + CellCatalog.KnownNames);
        cell.HelpName = CellHelp.Names("|");
        var command = new Command("import",
            "Turn a PyTorch character model (optional nn.Embedding, nn.RNN/nn.LSTM/nn.GRU of 1-4 layers, nn.Linear readout) into a float32 model.")
        {
            stateDict, vocab, output, cell,
        };
        command.SetAction(parse =>
        {
            string statePath = parse.GetValue(stateDict)!, vocabPath = parse.GetValue(vocab)!, outPath = parse.GetValue(output)!;
            foreach ((string option, string path) in new[] { ("--state-dict", statePath), ("--vocab", vocabPath) })
            {
                if (FilePaths.Same(path, outPath))
                {
                    throw new CommandException($"--out '{outPath}' is the {option} file itself; give the model a file name of its own");
                }
            }

            CellType? given = parse.GetValue(cell) is { } name && CellCatalog.TryParse(name, out CellType type) ? type : null;
            StateDictLayout layout = StateDictLayout.Recognize(SafetensorsReader.Read(statePath, "--state-dict"));
            int[] characters = VocabularyFile.Read(vocabPath, "--vocab");
            var facts = new TrainingFacts("imported from " + Path.GetFileName(statePath), 0, double.NaN, double.NaN, 0);
            ModelFile model = PyTorchImport.ToModel(layout, characters, given, facts);
            try
            {
                ModelFiles.Save(outPath, model);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw TrainingException.CannotWrite("--out", outPath, "the model", e);
            }

            string embedding = layout.Embedding is { } folded ? $", embedding '{folded.Name}' folded into layer0.Wxh" : "";
            terminal.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath}: {CellCatalog.Name(model.Cell)}, {model.Layers} layer(s), hidden size {model.HiddenSize}, {model.VocabularySize} characters{embedding}"));
            return 0;
        });
        return command;
    }
}
