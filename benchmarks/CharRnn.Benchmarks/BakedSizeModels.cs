using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>The generator's Generate method of a baked model.</summary>
internal delegate int GenerateMethod(ReadOnlySpan<char> prompt, Span<char> destination, SamplingOptions options);

/// <summary>
/// The random-weight models baked for <see cref="GeneratedSamplingBenchmarks"/>, by cell and hidden size: hidden 64
/// and 256 always, 512 and 1024 too when the project is built with CharRnnLargeBenchmarks=true (LargeSizeModels.cs).
/// </summary>
internal static partial class BakedSizeModels
{
    /// <summary>Every baked model's Generate, keyed by cell and hidden size.</summary>
    public static IReadOnlyDictionary<(CellType Cell, int Hidden), GenerateMethod> All { get; } = Create();

    /// <summary>The hidden sizes baked for every cell, smallest first.</summary>
    public static IEnumerable<int> HiddenSizes => All.Keys.Select(key => key.Hidden).Distinct().Order();

    private static Dictionary<(CellType, int), GenerateMethod> Create()
    {
        var models = new Dictionary<(CellType, int), GenerateMethod>
        {
            [(CellType.Rnn, 64)] = Rnn64.Generate,
            [(CellType.Lstm, 64)] = Lstm64.Generate,
            [(CellType.Gru, 64)] = Gru64.Generate,
            [(CellType.Rnn, 256)] = Rnn256.Generate,
            [(CellType.Lstm, 256)] = Lstm256.Generate,
            [(CellType.Gru, 256)] = Gru256.Generate,
        };
        AddLarge(models);
        return models;
    }

    /// <summary>Adds hidden 512 and 1024; implemented only in the opt-in build (LargeSizeModels.cs).</summary>
    static partial void AddLarge(Dictionary<(CellType, int), GenerateMethod> models);
}

[CharRnnModel("size-models/rnn-64.charrnn")]
internal static partial class Rnn64;

[CharRnnModel("size-models/lstm-64.charrnn")]
internal static partial class Lstm64;

[CharRnnModel("size-models/gru-64.charrnn")]
internal static partial class Gru64;

[CharRnnModel("size-models/rnn-256.charrnn")]
internal static partial class Rnn256;

[CharRnnModel("size-models/lstm-256.charrnn")]
internal static partial class Lstm256;

[CharRnnModel("size-models/gru-256.charrnn")]
internal static partial class Gru256;
