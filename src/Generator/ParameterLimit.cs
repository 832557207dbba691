using Microsoft.CodeAnalysis.Diagnostics;

namespace CharRnn.Generator;

/// <summary>
/// The most parameters a project lets the generator bake, from the MSBuild property <c>CharRnnMaxParameters</c>
/// (made visible to the compiler by the package's build/CharRnn.props).
/// </summary>
/// <param name="Value">The limit in use: the property's value, or <see cref="Default"/>.</param>
/// <param name="InvalidText">The property's text when it is not a whole number above 0; null when it is usable.</param>
internal sealed record ParameterLimit(long Value, string? InvalidText)
{
    /// <summary>The MSBuild property that sets the limit.</summary>
    public const string PropertyName = "CharRnnMaxParameters";

    /// <summary>
    /// The limit when the property is not set: 4 million parameters, 16 MB of weights in every build's output. Baking
    /// costs compile time and binary size in every build, so a model above this should be a choice, not an accident.
    /// </summary>
    public const long Default = 4_000_000;

    /// <summary>Reads the limit from the global analyzer options (<c>build_property.CharRnnMaxParameters</c>).</summary>
    public static ParameterLimit From(AnalyzerConfigOptions globalOptions)
    {
        (long value, string? invalid) = ProjectProperty.ReadWholeNumber(globalOptions, PropertyName, Default, minimum: 1);
        return new ParameterLimit(value, invalid);
    }
}
