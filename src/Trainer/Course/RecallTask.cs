using CharRnn.CompilerServices;

namespace CharRnn.Training.Course;

/// <summary>
/// The vanishing-gradient exercise's data: sequences whose first symbol is one of <see cref="Symbols"/> and whose
/// other steps are random distractors from a separate set, so the answer (the first symbol, asked for at the last
/// step) can only come from remembering step 0 across <c>length − 1</c> steps. Chance is 1 / <see cref="Symbols"/>.
/// </summary>
internal sealed class RecallTask
{
    /// <summary>The symbols the first step draws from, and the answers.</summary>
    public const int Symbols = 4;

    /// <summary>The distractor symbols of the later steps.</summary>
    public const int Distractors = 4;

    /// <summary>Ids 0..Symbols−1 are the symbols to recall, the rest distractors.</summary>
    public const int Vocabulary = Symbols + Distractors;

    private CharRnnRandom _random;

    public RecallTask(int length, ulong seed)
    {
        if (length < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A sequence needs a first step and a step to answer at.");
        }

        Length = length;
        _random = new CharRnnRandom(seed);
    }

    /// <summary>Steps per sequence; the answer is due after the last.</summary>
    public int Length { get; }

    /// <summary>
    /// Fills a batch: <paramref name="inputs"/> one id per (step, stream), step-major as the cells read them, and
    /// <paramref name="targets"/> each stream's first symbol.
    /// </summary>
    public void Fill(Span<int> inputs, Span<int> targets)
    {
        int streams = targets.Length;
        if (inputs.Length != Length * streams)
        {
            throw new ArgumentException("The inputs hold length × streams ids.", nameof(inputs));
        }

        for (int s = 0; s < streams; s++)
        {
            targets[s] = inputs[s] = Next(Symbols);
        }

        for (int i = streams; i < inputs.Length; i++)
        {
            inputs[i] = Symbols + Next(Distractors);
        }
    }

    // Uniform in 0..count−1 by multiply-and-shift of 32 random bits (the bias, below count / 2³², is nothing here).
    private int Next(int count) => (int)((_random.NextUInt64() >> 32) * (ulong)count >> 32);
}
