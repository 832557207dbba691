using System.Globalization;
using CharRnn;
using CharRnn.Cells;
using CharRnn.ModelFormat;

// Usage: MakeModel CELL LAYERS HIDDEN OUT [VOCAB [int8]]
// Writes a model of that shape with random weights (fixed seed) over newline and the first VOCAB - 1 printable ASCII
// characters (all 95 by default), quantized to int8 when asked, and prints its parameter count. The weights only need
// to be valid: the build cost depends on the shape and the format, not on the values.
int vocabularySize = 96;
if (args.Length is < 4 or > 6 || !CellCatalog.TryParse(args[0], out CellType cell)
    || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int layers)
    || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out int hidden)
    || (args.Length > 4 && (!int.TryParse(args[4], NumberStyles.None, CultureInfo.InvariantCulture, out vocabularySize) || vocabularySize is < 2 or > 96))
    || (args.Length > 5 && args[5] != "int8"))
{
    await Console.Error.WriteLineAsync($"usage: MakeModel CELL({CellCatalog.KnownNames}) LAYERS HIDDEN OUT [VOCAB(2-96) [int8]]").ConfigureAwait(false);
    return 2;
}

int[] vocabulary = [10, .. Enumerable.Range(32, vocabularySize - 1)];
var weights = new float[ModelSchema.ParameterCount(cell, layers, hidden, vocabulary.Length)];
var random = new Random(1);
for (int i = 0; i < weights.Length; i++)
{
    weights[i] = (float)((random.NextDouble() * 2) - 1) * 0.2f;
}

var model = new ModelFile(cell, layers, hidden, vocabulary, weights, TrainingFacts.None);
ModelFiles.Save(args[3], args.Length > 5 ? model.QuantizeInt8() : model);
Console.WriteLine(weights.Length.ToString(CultureInfo.InvariantCulture));
return 0;
