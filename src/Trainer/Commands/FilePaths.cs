namespace CharRnn.Training.Commands;

/// <summary>Whether two paths a command was given name one file, as the file system compares names.</summary>
internal static class FilePaths
{
    // Windows and macOS ignore case in file names by default; there a case-only difference is the same file.
    private static readonly StringComparison Comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static bool Same(string first, string second) =>
        string.Equals(Path.GetFullPath(first), Path.GetFullPath(second), Comparison);
}
