namespace CharRnn.TorchFixtures;

/// <summary>The recurrent modules PyTorch offers a character model, by the name the fixtures use.</summary>
internal enum Cell
{
    Rnn,
    Lstm,
    Gru,
}

/// <summary>
/// One fixture: the model's shape, the corpus its vocabulary and training text come from, and the seed of its
/// initial weights and batches. <see cref="Name"/> is its directory, e.g. <c>gru-3l</c> or <c>lstm-2l-embed</c>.
/// </summary>
internal sealed record FixtureSpec(Cell Cell, int Layers, int HiddenSize, int VocabularySize, int EmbeddingSize,
    bool BatchFirst, string Corpus, int NonAsciiCharacters, int Seed)
{
    public bool HasEmbedding => EmbeddingSize > 0;

    public string Name => $"{Cell.ToString().ToLowerInvariant()}-{Layers}l{(HasEmbedding ? "-embed" : "")}";

    /// <summary>
    /// Every cell at 1–4 layers with one-hot input (Shakespeare), and every cell at 2 layers with an embedding (city
    /// names, with their four most frequent letters outside ASCII in the vocabulary, so that vocab.json is more than
    /// ASCII). Sizes vary so that no two fixtures share a shape, and
    /// batch_first alternates: it changes the module's input layout, never its state dict.
    /// </summary>
    public static IReadOnlyList<FixtureSpec> All()
    {
        var specs = new List<FixtureSpec>();
        foreach (Cell cell in Enum.GetValues<Cell>())
        {
            int c = (int)cell;
            for (int layers = 1; layers <= 4; layers++)
            {
                specs.Add(new FixtureSpec(cell, layers, HiddenSize: 16 + 4 * (layers - 1) + c, VocabularySize: 20 + 5 * c + 2 * (layers - 1),
                    EmbeddingSize: 0, BatchFirst: (layers + c) % 2 == 0, Corpus: "tinyshakespeare.txt", NonAsciiCharacters: 0, Seed: 100 * c + layers));
            }

            specs.Add(new FixtureSpec(cell, Layers: 2, HiddenSize: 24 + 4 * c, VocabularySize: 34 + 3 * c, EmbeddingSize: 8 + 4 * c,
                BatchFirst: c % 2 == 1, Corpus: "cities/names.txt", NonAsciiCharacters: 4, Seed: 100 * c + 50));
        }

        return specs;
    }
}
