using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// A model baked into this test assembly by the generator, with the same file loaded at run time: the path
/// <c>charrnn sample</c> takes.
/// </summary>
/// <param name="file">The model file, relative to the test's output folder.</param>
/// <param name="generate">The generated class's <c>Generate</c>.</param>
internal sealed class BakedModel(string file, BakedModel.GenerateText generate)
{
    private readonly Lazy<DynamicModel> _dynamic = new(() => new DynamicModel(ModelFiles.Load(Path.Combine(AppContext.BaseDirectory, file))));

    /// <summary>A generated class's <c>Generate</c>.</summary>
    public delegate int GenerateText(ReadOnlySpan<char> prompt, Span<char> destination, SamplingOptions options);

    /// <summary>The generated class's <c>Generate</c>.</summary>
    public GenerateText Generate { get; } = generate;

    /// <summary>The model file loaded at run time.</summary>
    public DynamicModel Dynamic => _dynamic.Value;

    /// <summary>Samples with the generated code's <c>Generate</c>.</summary>
    public string Baked(SamplingOptions options, string prompt, int length)
    {
        // Two UTF-16 units per character at most; trim to the first `length` scalar values.
        var destination = new char[length * 2];
        int written = Generate(prompt, destination, options);
        return TakeScalars(new string(destination, 0, written), length);
    }

    /// <summary>Samples with the dynamic runtime model, as <c>charrnn sample</c> does.</summary>
    public string Loaded(SamplingOptions options, string prompt, int length)
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
