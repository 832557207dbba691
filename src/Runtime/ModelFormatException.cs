using System;
using System.Globalization;

namespace CharRnn;

/// <summary>
/// A model file (or model) that cannot be used: the message names the problem, the line and, where there is one,
/// the fix. <see cref="Kind"/> tells the kind of problem without reading the message. A file that cannot be read at
/// all is an <see cref="System.IO.IOException"/> instead.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception for a problem at a 1-based line of the file (0 for the file as a whole).</summary>
    internal ModelFormatException(string problem, int line, ModelProblem kind = ModelProblem.Malformed)
        : this(problem, line, kind, filePath: null, inner: null)
    {
    }

    private ModelFormatException(string problem, int line, ModelProblem kind, string? filePath, Exception? inner)
        : base(Compose(problem, line, filePath), inner)
    {
        Line = line;
        Problem = problem;
        Kind = kind;
        FilePath = filePath;
    }

    /// <summary>The 1-based line the problem is on, or 0 when it concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>The problem without the file and line prefix.</summary>
    public string Problem { get; }

    /// <summary>What kind of problem this is.</summary>
    public ModelProblem Kind { get; }

    /// <summary>The file the problem is in, or null when the model did not come from a file.</summary>
    public string? FilePath { get; }

    /// <summary>The same problem, said of the file at <paramref name="path"/>; this exception becomes the inner one.</summary>
    internal ModelFormatException InFile(string path) => new(Problem, Line, Kind, path, this);

    private static string Compose(string problem, int line, string? filePath)
    {
        string at = line > 0 ? "line " + line.ToString(CultureInfo.InvariantCulture) + ": " : string.Empty;
        return (filePath is null ? string.Empty : filePath + ": ") + at + problem;
    }
}
