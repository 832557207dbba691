using System.Globalization;
using CharRnn;
using CharRnn.Cells;
using CharRnn.ModelFormat;

// Usage: MakeModel CELL LAYERS HIDDEN OUT
// Writes a model of that shape with random weights (fixed seed) over newline and printable ASCII, and prints its
// parameter count. The weights only need to be valid: the build cost depends on the shape, not on the values.
if (args.Length != 4 || !CellCatalog.TryParse(args[0], out CellType cell)
    || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int layers)
    || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out int hidden))
{
    await Console.Error.WriteLineAsync($"usage: MakeModel CELL({CellCatalog.KnownNames}) LAYERS HIDDEN OUT").ConfigureAwait(false);
    return 2;
}

int[] vocabulary = [10, .. Enumerable.Range(32, 95)];
var weights = new float[ModelSchema.ParameterCount(cell, layers, hidden, vocabulary.Length)];
var random = new Random(1);
for (int i = 0; i < weights.Length; i++)
{
    weights[i] = (float)((random.NextDouble() * 2) - 1) * 0.2f;
}

ModelFiles.Save(args[3], new ModelFile(cell, layers, hidden, vocabulary, weights, TrainingFacts.None));
Console.WriteLine(weights.Length.ToString(CultureInfo.InvariantCulture));
return 0;
