namespace CharRnn.Sampler.Tests;

/// <summary>
/// The ConsoleSampler's model (samples/ConsoleSampler/Models/shakespeare.charrnn), baked into this test assembly as
/// the ConsoleSampler bakes it: what its NativeAOT binary must print.
/// </summary>
[CharRnnModel("ConsoleSampler/Models/shakespeare.charrnn")]
internal static partial class ConsoleSamplerModel
{
    private static readonly BakedModel Model = new(Path.Combine("Models", "console-sampler.charrnn"), Generate);

    /// <summary>Samples with the generated code's <see cref="Generate"/>.</summary>
    public static string Baked(SamplingOptions options, string prompt, int length) => Model.Baked(options, prompt, length);

    /// <summary>The same file loaded at run time.</summary>
    public static DynamicModel Dynamic => Model.Dynamic;

    /// <summary>Samples with the same file loaded at run time, as <c>charrnn sample</c> does.</summary>
    public static string Loaded(SamplingOptions options, string prompt, int length) => Model.Loaded(options, prompt, length);
}
