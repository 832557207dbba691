using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Sampler.Tests;

/// <summary>The ConsoleSampler's model, baked into this test assembly by the generator.</summary>
[CharRnnModel("Models/shakespeare.charrnn")]
internal static partial class Shakespeare
{
    /// <summary>The same file loaded at run time: the path <c>charrnn sample</c> takes.</summary>
    public static DynamicModel Dynamic { get; } =
        new(ModelFiles.Load(Path.Combine(AppContext.BaseDirectory, "Models", "shakespeare.charrnn")));

    /// <summary>Samples with the generated code's <see cref="Generate"/>.</summary>
    public static string Baked(SamplingOptions options, string prompt, int length)
    {
        // Two UTF-16 units per character at most; trim to the first `length` scalar values.
        var destination = new char[length * 2];
        int written = Generate(prompt, destination, options);
        return TakeScalars(new string(destination, 0, written), length);
    }

    /// <summary>Samples with the dynamic runtime model, as <c>charrnn sample</c> does.</summary>
    public static string Loaded(SamplingOptions options, string prompt, int length)
    {
        DynamicSession session = Dynamic.CreateSession(options);
        session.Feed(prompt);
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < length; i++)
        {
            text.Append(session.Next().ToString());
        }

        return text.ToString();
    }

    private static string TakeScalars(string text, int count)
    {
        int end = 0;
        for (int taken = 0; taken < count && end < text.Length; taken++)
        {
            end += char.IsHighSurrogate(text[end]) ? 2 : 1;
        }

        return text[..end];
    }
}
