using CharRnn;

namespace BrowserSampler;

/// <summary>The ConsoleSampler's int8 GRU trained on Tiny Shakespeare, baked in at build time by the CharRnn generator.</summary>
[CharRnnModel("ConsoleSampler/Models/shakespeare.charrnn")]
internal static partial class Shakespeare;
