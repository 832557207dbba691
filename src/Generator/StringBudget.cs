using Microsoft.CodeAnalysis.Diagnostics;

namespace CharRnn.Generator;

/// <summary>
/// How many characters the project's baked models may put in ordinary string literals, all together (base64 of float
/// tensors and int8 values two a char; see <see cref="LiteralPlan"/>), from the MSBuild property
/// <c>CharRnnStringWeightChars</c> (visible to the compiler through <c>CompilerVisibleProperty</c>). Weights in
/// string literals compile fastest, but they share the assembly's user-string heap (16 MB, about 8.3 million
/// characters) with every other string in the project; float tensors beyond the budget are baked as UTF-8 literals instead,
/// which have no such limit but cost the compiler more time and memory (docs/embedding.md#build-cost has the figures).
/// </summary>
/// <param name="Characters">The budget in use: the property's value, or <see cref="Default"/>.</param>
/// <param name="InvalidText">The property's text when it is not a whole number of 0 or more (CHARRNN015); null when it is usable.</param>
internal sealed record StringBudget(long Characters, string? InvalidText)
{
    /// <summary>The MSBuild property that sets the budget.</summary>
    public const string PropertyName = "CharRnnStringWeightChars";

    /// <summary>
    /// 6.5 million characters: a model of about 1.2 million weights, leaving 3.6 MB of the heap to the project.
    /// </summary>
    public const long Default = 6_500_000;

    /// <summary>Reads the budget from the global analyzer options (<c>build_property.CharRnnStringWeightChars</c>).</summary>
    public static StringBudget From(AnalyzerConfigOptions globalOptions)
    {
        (long characters, string? invalid) = ProjectProperty.ReadWholeNumber(globalOptions, PropertyName, Default, minimum: 0);
        return new StringBudget(characters, invalid);
    }
}
