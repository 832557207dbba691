namespace CharRnn.Tests;

/// <summary>
/// The repository the tests (and benchmarks) run from: found by walking up from the running assembly to the folder
/// that holds CharRnn.slnx, not from [CallerFilePath] (CI builds map source paths to /_/). Compiled into every test
/// project by tests/Directory.Build.props, and into the benchmarks.
/// </summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Tiny Shakespeare, <c>data/tinyshakespeare.txt</c>: part of the repository, so a missing file is an error.</summary>
    public static string Shakespeare
    {
        get
        {
            string path = Path.Combine(Root, "data", "tinyshakespeare.txt");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Tiny Shakespeare is missing from the repository: {path} (see data/README.md)", path);
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CharRnn.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CharRnn.slnx above {AppContext.BaseDirectory}: run from the repository.");
    }
}
