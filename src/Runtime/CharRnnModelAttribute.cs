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
}
