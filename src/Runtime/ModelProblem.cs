namespace CharRnn;

/// <summary>
/// What kind of problem a <see cref="ModelFormatException"/> reports, so a caller can react to it (the generator
/// gives each kind its own diagnostic id) without reading the message.
/// </summary>
public enum ModelProblem
{
    /// <summary>The text is not a well-formed model file: a header line is missing, out of order or malformed, the data is not base64, or the file is truncated.</summary>
    Malformed,

    /// <summary>The first line names a model-file version this reader does not understand.</summary>
    UnsupportedVersion,

    /// <summary>The tensor table, the vocabulary or the data length disagrees with the sizes the header declares.</summary>
    ShapeMismatch,

    /// <summary>The checksum of the tensor data disagrees with the one the header records.</summary>
    ChecksumMismatch,

    /// <summary>A weight is NaN, infinite, or so large (beyond ±1e6) that sampling would overflow.</summary>
    NonFiniteWeights,

    /// <summary>The declared shape is above a limit of the format (layers, hidden size, vocabulary or total weights).</summary>
    TooLarge,

    /// <summary>An int8 model holds a value of -128 or a scale that is not finite and positive.</summary>
    InvalidQuantization,
}
