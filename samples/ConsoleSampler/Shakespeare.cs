using CharRnn;

namespace ConsoleSampler;

/// <summary>The vanilla RNN trained on Tiny Shakespeare, baked in at build time by the CharRnn generator.</summary>
[CharRnnModel("Models/shakespeare.charrnn")]
internal static partial class Shakespeare;
