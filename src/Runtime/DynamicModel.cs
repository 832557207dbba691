using System.Collections.Immutable;
using CharRnn.Cells;
using CharRnn.CompilerServices;
using CharRnn.Inference;
using CharRnn.Kernels;
using CharRnn.ModelFormat;

namespace CharRnn;

/// <summary>
/// A model loaded at run time, of any cell type and size: what <c>charrnn sample</c> runs. It gives the same
/// characters as the code the generator bakes from the same file, because both call the same cell steps and the
/// same sampler with the same arguments in the same order.
/// </summary>
/// <example>
/// <code>
/// var model = new DynamicModel(ModelFiles.Load("shakespeare.charrnn"));
/// DynamicSession session = model.CreateSession(new SamplingOptions { Seed = 42 });
/// session.Feed("ROMEO:");
/// Rune next = session.Next();
/// </code>
/// </example>
public sealed class DynamicModel
{
    private readonly CellDescription _cell;
    private readonly DynamicWeights _weights;

    /// <summary>Prepares <paramref name="model"/> for inference (weights arranged for the kernels once).</summary>
    public DynamicModel(ModelFile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Cell = model.Cell;
        Layers = model.Layers;
        HiddenSize = model.HiddenSize;
        Vocabulary = model.Vocabulary;
        WeightFormat = model.WeightFormat;
        _cell = CellCatalog.For(Cell);
        _weights = DynamicWeights.For(model);
    }

    /// <summary>The recurrent cell of every layer.</summary>
    public CellType Cell { get; }

    /// <summary>How the weights are stored, and so which kernels run: float32 or int8.</summary>
    public WeightFormat WeightFormat { get; }

    /// <summary>The number of stacked layers.</summary>
    public int Layers { get; }

    /// <summary>The hidden size of each layer.</summary>
    public int HiddenSize { get; }

    /// <summary>The vocabulary: Unicode scalar values in id order.</summary>
    public ImmutableArray<int> Vocabulary { get; }

    /// <summary>The number of distinct characters.</summary>
    public int VocabSize => Vocabulary.Length;

    /// <summary>Starts a session from the zero state. It allocates its buffers here and nothing afterwards.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public DynamicSession CreateSession(SamplingOptions options) => new(this, options);

    /// <summary>
    /// Draws <paramref name="count"/> samples, each from a fresh session seeded by <c>options.ForSample(i)</c>, fed
    /// <paramref name="prompt"/> and generated until <paramref name="stop"/> (which needs a <c>MaxLength</c>). Sample i
    /// is the same text whatever the count (docs/determinism.md, "Many samples").
    /// </summary>
    /// <returns>The samples, without the prompt (and without the stop unless <c>IncludeStop</c>).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The count is not positive, an option is out of range, or the stop has no MaxLength.</exception>
    /// <exception cref="ArgumentException">The prompt, the options or the stop condition are invalid for this model.</exception>
    public string[] GenerateMany(ReadOnlySpan<char> prompt, int count, SamplingOptions options, StopCondition stop)
    {
        char[] buffer = ManySamples.Buffer(count, stop);
        string[] samples = new string[count];
        for (int i = 0; i < count; i++)
        {
            DynamicSession session = CreateSession(options.ForSample(i));
            session.Feed(prompt);
            samples[i] = new string(buffer, 0, session.Generate(buffer, stop).Written);
        }

        return samples;
    }

    internal DynamicState CreateState() => new(_cell, Layers, HiddenSize);

    // One time step of every layer, bottom to top; each layer reads the new h of the layer below.
    internal void Step(int id, DynamicState state)
    {
        int cellStateLength = _cell.CellStateLength(HiddenSize);
        for (int layer = 0; layer < Layers; layer++)
        {
            LayerInput input = layer == 0
                ? LayerInput.OneHot(id)
                : LayerInput.Dense(state.Hidden.AsSpan((layer - 1) * HiddenSize, HiddenSize));
            _weights.Step(layer, input, state.Hidden.AsSpan(layer * HiddenSize, HiddenSize),
                state.Cells.AsSpan(layer * cellStateLength, cellStateLength), state.Scratch);
        }
    }

    internal void Output(DynamicState state, float[] logits) =>
        _weights.Logits(state.Hidden.AsSpan((Layers - 1) * HiddenSize, HiddenSize), logits);
}
