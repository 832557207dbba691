using System.Text;
using CharRnn.CompilerServices;
using CharRnn.Inference;

namespace CharRnn;

/// <summary>
/// The sampling state of a <see cref="DynamicModel"/>: feed a prompt, then take characters one at a time.
/// Nothing is allocated after construction.
/// </summary>
public sealed class DynamicSession
{
    private readonly DynamicModel _model;
    private readonly SamplingOptions _options;
    private readonly DynamicState _state;
    private readonly float[] _logits;
    private readonly float[] _scratch;
    private readonly bool[] _drawable;
    private CharRnnRandom _random;

    internal DynamicSession(DynamicModel model, SamplingOptions options)
    {
        bool[] drawable = new bool[model.VocabSize];
        _drawable = SessionSetup.Prepare(model.Vocabulary.AsSpan(), options, drawable) ? drawable : [];
        _model = model;
        _options = options;
        _state = model.CreateState();
        _logits = new float[model.VocabSize];
        _scratch = new float[model.VocabSize];
        _random = new CharRnnRandom(options.Seed);
    }

    /// <summary>
    /// Every layer's hidden state h after the last step, layer after layer (<c>Layers × HiddenSize</c> floats): a
    /// read-only view of the live state, overwritten by the next step. Lets tools look inside without a copy.
    /// </summary>
    public ReadOnlySpan<float> Hidden => _state.Hidden;

    /// <summary>Every layer's LSTM cell state c after the last step, laid out like <see cref="Hidden"/>; empty for RNN and GRU.</summary>
    public ReadOnlySpan<float> CellState => _state.Cells;

    /// <summary>
    /// Runs the model over <paramref name="prompt"/>, one step per Unicode scalar value; a character outside the
    /// vocabulary is refused, skipped or replaced as <see cref="SamplingOptions.UnknownCharacters"/> says.
    /// </summary>
    /// <exception cref="ArgumentException">The prompt has a refused character outside the vocabulary or a lone surrogate.</exception>
    public void Feed(ReadOnlySpan<char> prompt)
    {
        for (int index = 0; index < prompt.Length;)
        {
            int id = CompilerServices.Vocabulary.NextId(_model.Vocabulary.AsSpan(), prompt, ref index, _options);
            if (id >= 0)
            {
                _model.Step(id, _state);
            }
        }
    }

    /// <summary>Samples the next character from the current state and feeds it back.</summary>
    public Rune Next()
    {
        _model.Output(_state, _logits);
        int id = Sampler.Choose(_logits, _scratch, _drawable, _options, ref _random);
        _model.Step(id, _state);
        return new Rune(_model.Vocabulary[id]);
    }

    /// <summary>
    /// Samples characters into <paramref name="destination"/> until <paramref name="stop"/> ends the generation or
    /// the destination is full, allocating nothing.
    /// </summary>
    /// <returns>How many chars were written and why the generation ended.</returns>
    /// <exception cref="ArgumentException">The stop condition is invalid or its text cannot fit the destination.</exception>
    public GenerationResult Generate(Span<char> destination, StopCondition stop)
    {
        var run = new GenerationRun(destination, stop);
        while (run.WantsMore)
        {
            run.Append(Next());
        }

        return run.Result;
    }
}
