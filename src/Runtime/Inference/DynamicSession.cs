using System.Text;

namespace CharRnn.Inference;

/// <summary>
/// The sampling state of a <see cref="DynamicModel"/>: feed a prompt, then take characters one at a time.
/// Nothing is allocated after construction.
/// </summary>
public sealed class DynamicSession
{
    private readonly DynamicModel _model;
    private readonly SamplingOptions _options;
    private readonly float[] _hidden;
    private readonly float[] _preactivation;
    private readonly float[] _logits;
    private readonly float[] _scratch;
    private CharRnnRandom _random;

    internal DynamicSession(DynamicModel model, SamplingOptions options)
    {
        options.Validate();
        _model = model;
        _options = options;
        _hidden = new float[model.Layers * model.HiddenSize];
        _preactivation = new float[model.HiddenSize];
        _logits = new float[model.VocabSize];
        _scratch = new float[model.VocabSize];
        _random = new CharRnnRandom(options.Seed);
    }

    /// <summary>Runs the model over <paramref name="prompt"/>, one step per Unicode scalar value.</summary>
    /// <exception cref="ArgumentException">The prompt has a character outside the vocabulary or a lone surrogate.</exception>
    public void Feed(ReadOnlySpan<char> prompt)
    {
        for (int index = 0; index < prompt.Length;)
        {
            _model.Step(Vocabulary.NextId(_model.Vocabulary, prompt, ref index), _hidden, _preactivation);
        }
    }

    /// <summary>Samples the next character from the current state and feeds it back.</summary>
    public Rune Next()
    {
        _model.Output(_hidden, _logits);
        int id = Sampler.Choose(_logits, _scratch, _options, ref _random);
        _model.Step(id, _hidden, _preactivation);
        return new Rune(_model.Vocabulary[id]);
    }
}
