using System.Collections.Immutable;

namespace CharRnn.Generator;

/// <summary>Which class bakes which model file, as plain data.</summary>
/// <param name="File">The additional file's full path; null when the attribute names no single listed file.</param>
/// <param name="ClassName">The class, as the compiler displays it.</param>
internal sealed record ModelClaim(string? File, string ClassName);

/// <summary>A model file that more than one class bakes, with those classes.</summary>
internal sealed record SharedModel(string File, EquatableArray<string> ClassNames);

/// <summary>Finds the model files that two or more classes bake: each would carry its own copy of the weights.</summary>
internal static class SharedModels
{
    /// <summary>The file a class bakes, matched by path only: a model's text can change without touching this.</summary>
    public static ModelClaim Claim(TargetClass target, EquatableArray<string> modelFiles)
    {
        string[] matches = target.ModelPath is string path ? modelFiles.Where(file => ModelPaths.Matches(file, path)).ToArray() : [];
        return new ModelClaim(matches.Length == 1 ? matches[0] : null, target.DisplayName);
    }

    /// <summary>The files claimed more than once, in a stable order so the result compares equal across runs.</summary>
    public static EquatableArray<SharedModel> Find(ImmutableArray<ModelClaim> claims) => new(
        claims.Where(claim => claim.File is not null)
            .GroupBy(claim => claim.File!, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new SharedModel(
                group.Key, new EquatableArray<string>(group.Select(claim => claim.ClassName).OrderBy(name => name, StringComparer.Ordinal).ToArray())))
            .ToArray());
}
