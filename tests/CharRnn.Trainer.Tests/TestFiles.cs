using System.Text;

namespace CharRnn.Trainer.Tests;

/// <summary>Test data: a folder that cleans itself up and a small generated corpus (Tiny Shakespeare is <see cref="Repository.Shakespeare"/>).</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "charrnn-tests-" + Guid.NewGuid().ToString("N"));

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
}

