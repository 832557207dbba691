using System.Globalization;
using System.Text;
using RuntimeVocabulary = CharRnn.CompilerServices.Vocabulary;

namespace CharRnn.Training.Corpus;

/// <summary>A corpus as character ids over its vocabulary: its distinct Unicode scalar values, ascending.</summary>
internal sealed class TextCorpus
{
    private TextCorpus(int[] vocabulary, int[] ids)
    {
        Vocabulary = vocabulary;
        Ids = ids;
    }

    /// <summary>The distinct scalar values, strictly ascending (the order the model format requires).</summary>
    public int[] Vocabulary { get; }

    /// <summary>The text as ids into <see cref="Vocabulary"/>.</summary>
    public int[] Ids { get; }

    /// <summary>Builds the vocabulary of <paramref name="scalars"/> and encodes them.</summary>
    /// <exception cref="CorpusException">The text has fewer than two distinct characters.</exception>
    public static TextCorpus FromText(int[] scalars, string name)
    {
        int[] vocabulary = [.. scalars.Distinct().Order()];
        if (vocabulary.Length < 2)
        {
            throw new CorpusException(
                $"corpus file '{name}' has only one distinct character ({RuntimeVocabulary.Describe(new Rune(vocabulary[0]))}); a model needs at least two");
        }

        return new TextCorpus(vocabulary, Encode(scalars, vocabulary, name));
    }

    /// <summary>Encodes <paramref name="scalars"/> over a model's <paramref name="vocabulary"/>.</summary>
    /// <exception cref="CorpusException">A character is not in the vocabulary.</exception>
    public static int[] Encode(int[] scalars, ReadOnlySpan<int> vocabulary, string name)
    {
        var ids = new int[scalars.Length];
        for (int i = 0; i < scalars.Length; i++)
        {
            ids[i] = RuntimeVocabulary.IdOf(vocabulary, scalars[i]);
            if (ids[i] < 0)
            {
                throw new CorpusException(
                    $"corpus file '{name}' has {RuntimeVocabulary.Describe(new Rune(scalars[i]))} at character {i.ToString(CultureInfo.InvariantCulture)}, which is not in the model's vocabulary; evaluate on text drawn from the model's characters, or retrain on a corpus that has it");
            }
        }

        return ids;
    }

    /// <summary>The last <paramref name="validationFraction"/> of the text is validation; the rest is training.</summary>
    public (int[] Training, int[] Validation) Split(double validationFraction)
    {
        int validation = (int)Math.Round(Ids.Length * validationFraction);
        return (Ids[..^validation], Ids[^validation..]);
    }
}
