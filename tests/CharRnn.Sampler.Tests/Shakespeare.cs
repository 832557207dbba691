using CharRnn.Inference;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// The GRU 2×208 trained on Tiny Shakespeare (float32; the ConsoleSampler's model before it baked an int8 one),
/// baked into this test assembly by the generator.
/// </summary>
[CharRnnModel("CharRnn.Sampler.Tests/Models/shakespeare.charrnn")]
internal static partial class Shakespeare
{
    private static readonly BakedModel Model = new(Path.Combine("Models", "shakespeare.charrnn"), Generate);

    /// <summary>The same file loaded at run time: the path <c>charrnn sample</c> takes.</summary>
    public static DynamicModel Dynamic => Model.Dynamic;

    /// <summary>Samples with the generated code's <see cref="Generate"/>.</summary>
    public static string Baked(SamplingOptions options, string prompt, int length) => Model.Baked(options, prompt, length);

    /// <summary>Samples with the dynamic runtime model, as <c>charrnn sample</c> does.</summary>
    public static string Loaded(SamplingOptions options, string prompt, int length) => Model.Loaded(options, prompt, length);
}
