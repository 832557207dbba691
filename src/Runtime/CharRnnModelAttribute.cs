namespace CharRnn;

/// <summary>
/// Bakes a model file into the <c>static partial</c> class it marks. The CharRnn generator reads the file, which
/// must be listed in the project's <c>&lt;AdditionalFiles&gt;</c>, and adds the model's constants, weights,
/// <c>Generate</c> and a streaming <c>Session</c> struct.
/// </summary>
/// <param name="path">The model file's path as listed in <c>&lt;AdditionalFiles&gt;</c> (relative to the project).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CharRnnModelAttribute(string path) : Attribute
{
    /// <summary>The model file's path as listed in <c>&lt;AdditionalFiles&gt;</c>.</summary>
    public string Path { get; } = path;

    /// <summary>
    /// For an int8 model: copy its values once, when the class is first used, into memory that starts on a 64-byte
    /// boundary (one byte a weight), instead of reading them in place from the assembly's string literals, whose
    /// bytes start wherever the runtime puts the string, so that many vector loads straddle two cache lines. Faster
    /// sampling for the memory of one more copy: docs/embedding.md#int8-models has both measured. A float32 model's
    /// weights are decoded into aligned memory whatever this says.
    /// </summary>
    public bool AlignInt8Weights { get; set; }
}
