using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// The NameGenerator's model (samples/NameGenerator/Models/cities.charrnn), baked into this test assembly as the app
/// bakes it, with the same file loaded at run time: the two paths the app's names must match.
/// </summary>
[CharRnnModel("NameGenerator/Models/cities.charrnn")]
internal static partial class NameGeneratorModel
{
    private static readonly Lazy<DynamicModel> Loaded =
        new(() => new DynamicModel(ModelFiles.Load(Path.Combine(AppContext.BaseDirectory, "Models", "name-generator.charrnn"))));

    /// <summary>The same file loaded at run time, as <c>charrnn sample</c> loads it.</summary>
    public static DynamicModel Dynamic => Loaded.Value;
}
