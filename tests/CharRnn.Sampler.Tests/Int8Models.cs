namespace CharRnn.Sampler.Tests;

/// <summary>
/// Int8 models baked into this test assembly: <c>charrnn quantize</c> of the GRU 2×208 (Models/shakespeare.charrnn) and of the chaotic
/// test models of every cell (tests/models), committed in this project's Models folder.
/// </summary>
internal static class Int8Models
{
    /// <summary>Each model by name: the Shakespeare model, then one per cell.</summary>
    public static IReadOnlyDictionary<string, BakedModel> All { get; } = new Dictionary<string, BakedModel>
    {
        ["shakespeare"] = Model("shakespeare", ShakespeareInt8.Generate),
        ["rnn-chaotic"] = Model("rnn-chaotic", RnnChaoticInt8.Generate),
        ["lstm-chaotic"] = Model("lstm-chaotic", LstmChaoticInt8.Generate),
        ["gru-chaotic"] = Model("gru-chaotic", GruChaoticInt8.Generate),
    };

    public static TheoryData<string> Names() => [.. All.Keys];

    private static BakedModel Model(string name, BakedModel.GenerateText generate) =>
        new(Path.Combine("Models", name + "-int8.charrnn"), generate);
}

/// <summary>The GRU 2×208 of Models/shakespeare.charrnn, quantized; its values copied to aligned memory, the same text.</summary>
[CharRnnModel("Models/shakespeare-int8.charrnn", AlignInt8Weights = true)]
internal static partial class ShakespeareInt8;

/// <summary>tests/models/rnn-chaotic.charrnn, quantized.</summary>
[CharRnnModel("Models/rnn-chaotic-int8.charrnn")]
internal static partial class RnnChaoticInt8;

/// <summary>tests/models/lstm-chaotic.charrnn, quantized.</summary>
[CharRnnModel("Models/lstm-chaotic-int8.charrnn")]
internal static partial class LstmChaoticInt8;

/// <summary>tests/models/gru-chaotic.charrnn, quantized; its values copied to aligned memory, the same text.</summary>
[CharRnnModel("Models/gru-chaotic-int8.charrnn", AlignInt8Weights = true)]
internal static partial class GruChaoticInt8;
