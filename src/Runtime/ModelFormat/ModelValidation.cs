using System.Globalization;

namespace CharRnn.ModelFormat;

/// <summary>The checks every model passes, whether it is read from a file or built by the trainer.</summary>
internal static class ModelValidation
{
    public static void CheckShape(CellType cell, int layers, int hiddenSize, int vocabularySize, int line)
    {
        if (layers < 1 || layers > ModelSchema.MaxLayers)
        {
            throw new ModelFormatException($"layers is {layers}; it must be 1 to {ModelSchema.MaxLayers}", line, SizeProblem(layers));
        }

        if (hiddenSize < 1 || hiddenSize > ModelSchema.MaxHiddenSize)
        {
            throw new ModelFormatException($"hidden_size is {hiddenSize}; it must be 1 to {ModelSchema.MaxHiddenSize}", line, SizeProblem(hiddenSize));
        }

        if (vocabularySize < 1 || vocabularySize > ModelSchema.MaxVocabularySize)
        {
            throw new ModelFormatException(
                $"the vocabulary has {vocabularySize} characters; it must have 1 to {ModelSchema.MaxVocabularySize}", line, SizeProblem(vocabularySize));
        }

        long parameters = ModelSchema.ParameterCount(cell, layers, hiddenSize, vocabularySize);
        if (parameters > ModelSchema.MaxParameters)
        {
            throw new ModelFormatException(
                $"the model would hold {parameters} weights, more than the limit of {ModelSchema.MaxParameters}", line, ModelProblem.TooLarge);
        }
    }

    // A size of 0 is a malformed header; one above the format's limit is a model too large to read.
    private static ModelProblem SizeProblem(int size) => size < 1 ? ModelProblem.Malformed : ModelProblem.TooLarge;

    public static void CheckVocabulary(ReadOnlySpan<int> vocabulary, int line)
    {
        for (int i = 0; i < vocabulary.Length; i++)
        {
            int scalar = vocabulary[i];
            if (scalar < 0 || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF))
            {
                throw new ModelFormatException(
                    $"vocabulary entry {i} ({Hex(scalar)}) is not a Unicode scalar value", line);
            }

            if (i > 0 && scalar <= vocabulary[i - 1])
            {
                throw new ModelFormatException(
                    $"vocabulary entry {i} ({Hex(scalar)}) is not greater than the one before it; entries must be distinct and ascending", line);
            }
        }
    }

    public static string Hex(int scalar) => "U+" + scalar.ToString("X4", CultureInfo.InvariantCulture);
}
