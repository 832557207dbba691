namespace CharRnn.Trainer.Tests;

/// <summary>The CLI's promise for a bad command line: exit code 2, nothing on stdout, one line on stderr.</summary>
internal static class CommandLineErrors
{
    /// <summary>Runs <paramref name="args"/> with the pattern corpus as <c>--corpus</c> and checks the one error line.</summary>
    public static void AssertRejected(TestFiles files, string message, params string[] args)
    {
        string corpus = files.Write("pattern.txt", TestFiles.PatternText);
        (int exit, string output, string error) = CliTests.Run([.. args, "--corpus", corpus]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("charrnn: error: " + message, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }
}
