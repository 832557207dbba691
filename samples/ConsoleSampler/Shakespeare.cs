using CharRnn;

namespace ConsoleSampler;

/// <summary>The GRU (2 layers of 208 units) trained on Tiny Shakespeare, baked in at build time by the CharRnn generator.</summary>
[CharRnnModel("Models/shakespeare.charrnn")]
internal static partial class Shakespeare;
