using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CharRnn.TorchFixtures;

/// <summary>
/// A PyTorch character model: an optional <c>nn.Embedding</c> (else one-hot input), <c>nn.RNN(tanh)</c>,
/// <c>nn.LSTM</c> or <c>nn.GRU</c>, and an <c>nn.Linear</c> readout, registered as <c>embedding</c>, <c>rnn</c> and
/// <c>head</c> so that its state dict has the key names a PyTorch module with those attributes has.
/// </summary>
internal sealed class CharModel : nn.Module
{
    private readonly FixtureSpec spec;
    private readonly Embedding? embedding;
    private readonly nn.Module rnn;
    private readonly Linear head;

    public CharModel(FixtureSpec spec) : base(nameof(CharModel))
    {
        this.spec = spec;
        int input = spec.VocabularySize;
        if (spec.HasEmbedding)
        {
            embedding = nn.Embedding(spec.VocabularySize, spec.EmbeddingSize);
            register_module("embedding", embedding);
            input = spec.EmbeddingSize;
        }

        rnn = spec.Cell switch
        {
            Cell.Rnn => nn.RNN(input, spec.HiddenSize, spec.Layers, nn.NonLinearities.Tanh, batchFirst: spec.BatchFirst),
            Cell.Lstm => nn.LSTM(input, spec.HiddenSize, spec.Layers, batchFirst: spec.BatchFirst),
            _ => nn.GRU(input, spec.HiddenSize, spec.Layers, batchFirst: spec.BatchFirst),
        };
        register_module("rnn", rnn);
        head = nn.Linear(spec.HiddenSize, spec.VocabularySize);
        register_module("head", head);
    }

    /// <summary>
    /// Logits [B, T, V] for ids [B, T], from <paramref name="state"/> (zeros when null) and the state after the last
    /// step: (h) for RNN and GRU, (h, c) for LSTM, each [layers, B, H] whatever the module's batch_first.
    /// </summary>
    public (Tensor Logits, Tensor[] State) Forward(Tensor ids, Tensor[]? state)
    {
        Tensor x = embedding is null ? nn.functional.one_hot(ids, spec.VocabularySize).to(ScalarType.Float32) : embedding.forward(ids);
        if (!spec.BatchFirst)
        {
            x = x.transpose(0, 1);
        }

        (Tensor output, Tensor[] next) = rnn switch
        {
            LSTM lstm => Lstm(lstm, x, state),
            GRU gru => Single(gru.forward(x, state?[0])),
            RNN plain => Single(plain.forward(x, state?[0])),
            _ => throw new InvalidOperationException($"unexpected recurrent module {rnn.GetType().Name}"),
        };
        if (!spec.BatchFirst)
        {
            output = output.transpose(0, 1);
        }

        return (head.forward(output), next);
    }

    private static (Tensor, Tensor[]) Lstm(LSTM lstm, Tensor x, Tensor[]? state)
    {
        (Tensor output, Tensor h, Tensor c) = lstm.forward(x, state is null ? null : (state[0], state[1]));
        return (output, [h, c]);
    }

    private static (Tensor, Tensor[]) Single((Tensor Output, Tensor H) result) => (result.Output, [result.H]);
}
