namespace CharRnn.Training;

/// <summary>Opens the files a run writes a JSON line at a time (the metrics, the gradient-norm log).</summary>
internal static class JsonLinesFile
{
    /// <summary>
    /// Creates <paramref name="path"/> afresh, or opens it to add lines when <paramref name="append"/> (a resumed
    /// run), creating its directory first.
    /// </summary>
    /// <exception cref="TrainingException">The file cannot be opened; the message names <paramref name="option"/>.</exception>
    public static FileStream Open(string path, bool append, string option, string what)
    {
        try
        {
            // A root such as "/" has no parent directory to create; opening it then fails as any directory does.
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }

            return new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite(option, path, what, e);
        }
    }
}
