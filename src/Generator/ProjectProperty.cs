using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CharRnn.Generator;

/// <summary>Reads a whole-number MSBuild property the project makes visible to the compiler (<c>CompilerVisibleProperty</c>).</summary>
internal static class ProjectProperty
{
    /// <summary>
    /// The property's value; <paramref name="defaultValue"/> when it is unset or blank. When it is set but is not a whole
    /// number of at least <paramref name="minimum"/>, the default too, with the text in <c>InvalidText</c> so the caller
    /// reports it instead of silently ignoring it.
    /// </summary>
    public static (long Value, string? InvalidText) ReadWholeNumber(
        AnalyzerConfigOptions globalOptions, string name, long defaultValue, long minimum)
    {
        if (!globalOptions.TryGetValue("build_property." + name, out string? text) || text.Trim().Length == 0)
        {
            return (defaultValue, null);
        }

        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value >= minimum
            ? (value, null)
            : (defaultValue, text);
    }
}
