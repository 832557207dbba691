using System.Collections.Immutable;

namespace CharRnn.Generator;

/// <summary>How many characters of string literals one class's weights would take.</summary>
/// <param name="HintName">The class's generated file, which names it uniquely.</param>
/// <param name="Characters">The characters its weights take as string literals; 0 when nothing is baked.</param>
internal sealed record ClassWeights(string HintName, long Characters);

/// <summary>
/// Decides which classes bake their weights as <c>u8</c> literals. The <see cref="StringBudget"/> is the project's,
/// shared by every baked model (they all land in one user-string heap), so classes take string literals in the
/// order of their file names while the running total fits, and the rest take <c>u8</c> literals.
/// </summary>
internal static class LiteralPlan
{
    public static ClassWeights Measure(GenerationSpec spec) =>
        new(spec.Target.HintName, spec.Model is ModelSpec model ? DataEmitter.StringCharacters(model) : 0);

    /// <summary>The hint names of the classes whose weights go into <c>u8</c> literals.</summary>
    public static EquatableArray<string> Utf8Classes(ImmutableArray<ClassWeights> classes, StringBudget budget)
    {
        var utf8 = new List<string>();
        long total = 0;
        foreach (ClassWeights weights in classes.OrderBy(c => c.HintName, StringComparer.Ordinal))
        {
            total += weights.Characters;
            if (total > budget.Characters)
            {
                utf8.Add(weights.HintName);
                total -= weights.Characters;
            }
        }

        return new EquatableArray<string>(utf8.ToArray());
    }
}
