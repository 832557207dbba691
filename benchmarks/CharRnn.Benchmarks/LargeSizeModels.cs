using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

// Compiled only with -p:CharRnnLargeBenchmarks=true (CharRnn.Benchmarks.csproj): about 12 million weights, baked as
// UTF-8 literals, which the default build (and CI) should not pay for.
internal static partial class BakedSizeModels
{
    static partial void AddLarge(Dictionary<(CellType, int), GenerateMethod> models)
    {
        models[(CellType.Rnn, 512)] = Rnn512.Generate;
        models[(CellType.Lstm, 512)] = Lstm512.Generate;
        models[(CellType.Gru, 512)] = Gru512.Generate;
        models[(CellType.Rnn, 1024)] = Rnn1024.Generate;
        models[(CellType.Lstm, 1024)] = Lstm1024.Generate;
        models[(CellType.Gru, 1024)] = Gru1024.Generate;
    }
}

[CharRnnModel("size-models/rnn-512.charrnn")]
internal static partial class Rnn512;

[CharRnnModel("size-models/lstm-512.charrnn")]
internal static partial class Lstm512;

[CharRnnModel("size-models/gru-512.charrnn")]
internal static partial class Gru512;

[CharRnnModel("size-models/rnn-1024.charrnn")]
internal static partial class Rnn1024;

[CharRnnModel("size-models/lstm-1024.charrnn")]
internal static partial class Lstm1024;

[CharRnnModel("size-models/gru-1024.charrnn")]
internal static partial class Gru1024;
