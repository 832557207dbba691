namespace CharRnn;

/// <summary>How a model stores its weight matrices.</summary>
public enum WeightFormat
{
    /// <summary>IEEE-754 float32, one per weight (model files of version 1).</summary>
    Float32,

    /// <summary>
    /// Symmetric int8 in [-127, 127], one float32 scale per matrix row (version 2): a weight is its value times its
    /// row's scale. Biases stay float32. Written by <c>charrnn quantize</c> or <see cref="ModelFile.QuantizeInt8"/>.
    /// </summary>
    Int8,
}
