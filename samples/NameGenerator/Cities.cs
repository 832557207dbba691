using CharRnn;

namespace NameGenerator;

/// <summary>The GRU (2 layers of 128 units) trained on GeoNames place names, baked in at build time by the CharRnn generator.</summary>
[CharRnnModel("Models/cities.charrnn")]
internal static partial class Cities;
