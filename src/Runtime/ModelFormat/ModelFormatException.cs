using System;

namespace CharRnn.ModelFormat;

/// <summary>A model file that cannot be used; the message names the problem and, where there is one, the fix.</summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception for a problem at a 1-based line of the file (0 for the file as a whole).</summary>
    public ModelFormatException(string message, int line)
        : this(message, line, ModelProblem.Malformed)
    {
    }

    /// <summary>Creates the exception for a problem of a given kind at a 1-based line of the file (0 for the whole file).</summary>
    public ModelFormatException(string message, int line, ModelProblem kind)
        : base(line > 0 ? "line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + message : message)
    {
        Line = line;
        Problem = message;
        Kind = kind;
    }

    /// <summary>The 1-based line the problem is on, or 0 when it concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>The problem without the line prefix.</summary>
    public string Problem { get; }

    /// <summary>What kind of problem this is.</summary>
    public ModelProblem Kind { get; }
}
