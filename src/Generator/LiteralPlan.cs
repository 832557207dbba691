using System.Collections.Immutable;

namespace CharRnn.Generator;

/// <summary>How many characters of string literals one class's weights would take.</summary>
/// <param name="HintName">The class's generated file, which names it uniquely.</param>
/// <param name="Characters">The characters its float tensors take as string literals; 0 when nothing is baked.</param>
/// <param name="Int8Characters">The characters its int8 values take, string literals whatever the budget.</param>
internal sealed record ClassWeights(string HintName, long Characters, long Int8Characters);

/// <summary>
/// Decides which classes bake their float tensors as <c>u8</c> literals. The <see cref="StringBudget"/> is the
/// project's, shared by every baked model (they all land in one user-string heap). Int8 values can only be string
/// literals (<see cref="Int8Literal"/>), so they take their share of the budget first, whichever class they belong
/// to; then classes take string literals for their float tensors in the order of their file names while the running
/// total fits, and the rest take <c>u8</c> literals.
/// </summary>
internal static class LiteralPlan
{
    public static ClassWeights Measure(GenerationSpec spec) => spec.Model is ModelSpec model
        ? new(spec.Target.HintName, DataEmitter.StringCharacters(model), DataEmitter.Int8Characters(model))
        : new(spec.Target.HintName, 0, 0);

    /// <summary>The hint names of the classes whose float tensors go into <c>u8</c> literals.</summary>
    public static EquatableArray<string> Utf8Classes(ImmutableArray<ClassWeights> classes, StringBudget budget)
    {
        var utf8 = new List<string>();
        long total = classes.Sum(c => c.Int8Characters);
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
