using System;
using System.Collections.Generic;

namespace CharRnn.Generator;

/// <summary>
/// Matches the path an attribute names against the additional files' paths. The compiler hands a generator
/// full paths and no project directory, so a file matches when the attribute's path is its tail, whole segments
/// only: <c>Models/a.charrnn</c> matches <c>/src/app/Models/a.charrnn</c> but not <c>/src/app/OtherModels/a.charrnn</c>.
/// </summary>
internal static class ModelPaths
{
    /// <summary>Whether the additional file at <paramref name="filePath"/> is the one <paramref name="requested"/> names.</summary>
    public static bool Matches(string filePath, string requested)
    {
        List<string> file = Segments(filePath);
        List<string> wanted = Segments(requested);
        // Leading ".." segments climb out of the project directory, which the generator cannot see: match the rest.
        int skip = 0;
        while (skip < wanted.Count && wanted[skip] == "..")
        {
            skip++;
        }

        int length = wanted.Count - skip;
        if (length == 0 || length > file.Count)
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            if (!string.Equals(file[file.Count - length + i], wanted[skip + i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // Either separator; "." dropped and "dir/.." folded, so equal paths spelled differently compare equal.
    private static List<string> Segments(string path)
    {
        var segments = new List<string>();
        foreach (string segment in path.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return segments;
    }
}
