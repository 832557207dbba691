using System.Text;

namespace CharRnn.Trainer.Tests;

/// <summary>Test data: a folder that cleans itself up, a small generated corpus, and Tiny Shakespeare where present.</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "charrnn-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Tiny Shakespeare beside the repository (../shared/data), or null when it is not there.</summary>
    public static string? Shakespeare { get; } = FindShakespeare();

    /// <summary>
    /// A few thousand characters of patterned text with a vocabulary of about twenty, learnable by a tiny model in
    /// a few hundred steps (the same text every time).
    /// </summary>
    public static string PatternText
    {
        get
        {
            var text = new StringBuilder();
            string[] words = ["the cat", "a dog", "sees", "runs to", "the hill", "and sleeps", "quickly"];
            var random = new Random(3);
            while (text.Length < 6000)
            {
                text.Append(words[random.Next(words.Length)]).Append(random.Next(6) == 0 ? ".\n" : " ");
            }

            return text.ToString();
        }
    }

    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Root, name);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string? FindShakespeare()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CharRnn.slnx")))
            {
                string path = Path.Combine(directory.FullName, "..", "shared", "data", "tinyshakespeare.txt");
                return File.Exists(path) ? Path.GetFullPath(path) : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs Tiny Shakespeare; skipped, saying why, when ../shared/data/tinyshakespeare.txt is absent.</summary>
internal sealed class ShakespeareFactAttribute : FactAttribute
{
    public ShakespeareFactAttribute()
    {
        if (TestFiles.Shakespeare is null)
        {
            Skip = "Tiny Shakespeare is not at ../shared/data/tinyshakespeare.txt beside the repository";
        }
    }
}
