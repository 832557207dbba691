namespace CharRnn.TorchFixtures;

/// <summary>
/// A fixture's text: a slice of a corpus in data/, its <see cref="Vocabulary"/> the most frequent characters of the
/// slice (a given number of them from outside ASCII; in ordinal order, so ids are stable), and the slice with every other character dropped, as ids: the
/// training text, followed by the held-out <see cref="Inputs"/> the expectations are computed on.
/// </summary>
internal sealed class Corpus
{
    /// <summary>How much of the corpus a fixture trains on: enough for a few hundred batches to see varied text.</summary>
    private const int SliceLength = 200_000;

    private Corpus(string vocabulary, long[] training, long[] inputs)
    {
        Vocabulary = vocabulary;
        Training = training;
        Inputs = inputs;
    }

    /// <summary>The characters in id order; each is one UTF-16 code unit (surrogates never make the cut).</summary>
    public string Vocabulary { get; }

    public long[] Training { get; }

    public long[] Inputs { get; }

    public static Corpus Load(string path, int vocabularySize, int nonAscii, int inputLength)
    {
        string text = File.ReadAllText(path);
        string slice = text[..Math.Min(SliceLength, text.Length)];
        char[] byFrequency = [.. slice.Where(c => !char.IsSurrogate(c))
            .GroupBy(c => c)
            .OrderByDescending(group => group.Count()).ThenBy(group => group.Key)
            .Select(group => group.Key)];
        string vocabulary = string.Concat(byFrequency.Where(char.IsAscii).Take(vocabularySize - nonAscii)
            .Concat(byFrequency.Where(c => !char.IsAscii(c)).Take(nonAscii))
            .Order());
        if (vocabulary.Length != vocabularySize)
        {
            throw new InvalidDataException($"{path}: its first {SliceLength} characters have only {vocabulary.Length} distinct ones, not {vocabularySize}");
        }

        long[] ids = slice.Where(c => vocabulary.Contains(c, StringComparison.Ordinal)).Select(c => (long)vocabulary.IndexOf(c, StringComparison.Ordinal)).ToArray();
        return new Corpus(vocabulary, ids[..^inputLength], ids[^inputLength..]);
    }
}
