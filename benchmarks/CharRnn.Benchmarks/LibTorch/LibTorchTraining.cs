using CharRnn.ModelFormat;
using CharRnn.Training.Cells;
using CharRnn.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CharRnn.Benchmarks;

/// <summary>
/// The libtorch peer of <see cref="CharRnnTraining"/>, through TorchSharp: the same model and step as a libtorch user
/// writes it. The chunk one-hot encoded, torch's own RNN/LSTM/GRU layers over it from the carried state, a linear
/// readout, cross-entropy averaged over B·T, clipping by value at 5, Adam (β 0.9 and 0.999, ε 1e-8) at CharRnn's rate.
/// Initialised as CharRnn initialises, from torch's generator: weights uniform ±1/√H (torch's default), biases zero
/// but the LSTM's forget gate at 1. Torch's layers have two biases per gate (<c>b_ih</c>, <c>b_hh</c>) where CharRnn
/// has one (and the GRU's bhn); <c>b_hh</c> stays zero but for the GRU's n block, so that Adam moves each gate's bias
/// as CharRnn's does rather than through two parameters at once.
/// </summary>
internal sealed class LibTorchTraining : ShakespeareTraining
{
    private readonly int _vocabulary;
    private readonly nn.Module _cell;
    private readonly Func<Tensor, Tensor> _forward;
    private readonly Linear _readout;
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _redundantBiases; // the rows of b_hh that duplicate b_ih's, held at zero
    private readonly optim.Optimizer _optimizer;
    private readonly long[] _inputs;
    private readonly long[] _targets;
    private readonly int[] _inputIds;
    private readonly int[] _targetIds;
    private readonly int _redundantRows;
    private readonly Tensor[] _state; // h (and c for the LSTM), [layers, B, H], carried from chunk to chunk

    public LibTorchTraining(TrainingConfiguration configuration, long seed)
        : base(configuration)
    {
        TrainingConfiguration c = configuration;
        if (c.Optimizer != OptimizerKind.Adam)
        {
            throw new ArgumentException($"The libtorch peer trains with Adam only, not {c.Optimizer} ({c.Name}).", nameof(configuration));
        }

        torch.set_num_threads(c.Threads ?? Environment.ProcessorCount);
        torch.manual_seed(seed);
        _vocabulary = Corpus.Vocabulary.Length;
        int chars = c.CharsPerStep;
        (_inputs, _targets, _inputIds, _targetIds) = (new long[chars], new long[chars], new int[chars], new int[chars]);
        _state = [.. Enumerable.Range(0, c.Cell == CellType.Lstm ? 2 : 1).Select(_ => zeros(c.Layers, c.BatchSize, c.Hidden))];
        (_cell, _forward) = CreateCell(c);
        _readout = nn.Linear(c.Hidden, _vocabulary);
        Initialize(c);
        _parameters = [.. _cell.parameters(), .. _readout.parameters()];
        _redundantBiases = [.. _cell.named_parameters().Where(p => p.name.StartsWith("bias_hh", StringComparison.Ordinal))
            .Select(p => p.parameter)];
        _redundantRows = c.Hidden * c.Cell switch { CellType.Rnn => 1, CellType.Lstm => 4, _ => 2 }; // the GRU's r and z
        _optimizer = optim.Adam(_parameters, Optimizer<float>.DefaultLearningRate(OptimizerKind.Adam), beta1: 0.9, beta2: 0.999, eps: 1e-8);
    }

    /// <summary>
    /// Starts from <paramref name="network"/>'s weights: the same gate order (PyTorch's), Wxh, Whh and bh into
    /// <c>weight_ih</c>, <c>weight_hh</c> and <c>b_ih</c>, the GRU's bhn into <c>b_hh</c>'s n block, Why and by into the readout.
    /// </summary>
    public void CopyWeightsFrom(RnnNetwork<float> network)
    {
        using IDisposable noGrad = no_grad();
        float[] values = network.Parameters;
        foreach ((string name, Parameter parameter) in _cell.named_parameters())
        {
            int layer = int.Parse(name[(name.LastIndexOf('l') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            Span<float> source = name[..name.LastIndexOf('_')] switch // weight_ih_l0: weight_ih of layer 0
            {
                "weight_ih" => network.InputWeights(values, layer),
                "weight_hh" => network.RecurrentWeights(values, layer),
                "bias_ih" => network.HiddenBias(values, layer),
                _ => [],
            };
            if (name.StartsWith("bias_hh", StringComparison.Ordinal))
            {
                parameter.zero_();
                if (network.Cell == CellType.Gru)
                {
                    parameter.narrow(0, 2 * network.HiddenSize, network.HiddenSize).copy_(tensor(network.ExtraBias(values, layer, 0).ToArray()));
                }

                continue;
            }

            parameter.copy_(tensor(source.ToArray(), parameter.shape));
        }

        _readout.weight!.copy_(tensor(network.OutputWeights(values).ToArray(), _readout.weight.shape));
        _readout.bias!.copy_(tensor(network.OutputBias(values).ToArray()));
    }

    public override void Dispose()
    {
        _optimizer.Dispose();
        _cell.Dispose();
        _readout.Dispose();
        foreach (Tensor state in _state)
        {
            state.Dispose();
        }
    }

    protected override double TrainChunk(int position, long step)
    {
        TrainingConfiguration c = Configuration;
        Layout.Fill(position, c.SeqLength, 0, c.BatchSize, _inputIds, _targetIds); // step-major: [T, B]
        for (int i = 0; i < _inputs.Length; i++)
        {
            (_inputs[i], _targets[i]) = (_inputIds[i], _targetIds[i]);
        }

        using DisposeScope scope = NewDisposeScope();
        Tensor input = nn.functional.one_hot(tensor(_inputs, [c.SeqLength, c.BatchSize]), _vocabulary).to_type(ScalarType.Float32);
        Tensor logits = _readout.call(_forward(input));
        Tensor loss = nn.functional.cross_entropy(logits.view(-1, _vocabulary), tensor(_targets));
        _optimizer.zero_grad();
        loss.backward();
        foreach (Tensor bias in _redundantBiases)
        {
            bias.grad!.narrow(0, 0, _redundantRows).zero_(); // Adam leaves a parameter whose gradient is always zero
        }

        nn.utils.clip_grad_value_(_parameters, TrainingConfiguration.Clip);
        _optimizer.step();
        return loss.item<float>();
    }

    private (nn.Module Cell, Func<Tensor, Tensor> Forward) CreateCell(TrainingConfiguration c)
    {
        switch (c.Cell)
        {
            case CellType.Rnn:
                return WithHiddenState(nn.RNN(_vocabulary, c.Hidden, c.Layers)); // tanh
            case CellType.Gru:
                return WithHiddenState(nn.GRU(_vocabulary, c.Hidden, c.Layers));
            case CellType.Lstm:
                LSTM lstm = nn.LSTM(_vocabulary, c.Hidden, c.Layers);
                return (lstm, input =>
                {
                    (Tensor output, Tensor h, Tensor cell) = lstm.call(input, (_state[0], _state[1]));
                    Carry(0, h);
                    Carry(1, cell);
                    return output;
                });
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Cell, $"The libtorch peer has no {c.Cell} cell.");
        }
    }

    // A cell whose state is h alone (the RNN, the GRU).
    private (nn.Module Cell, Func<Tensor, Tensor> Forward) WithHiddenState(nn.Module<Tensor, Tensor?, (Tensor, Tensor)> cell) =>
        (cell, input =>
        {
            (Tensor output, Tensor h) = cell.call(input, _state[0]);
            Carry(0, h);
            return output;
        });

    // The next chunk starts from this state but does not backpropagate into this one: detached, kept past the step's scope.
    private void Carry(int part, Tensor state)
    {
        _state[part].Dispose();
        _state[part] = state.detach().MoveToOuterDisposeScope();
    }

    private void Initialize(TrainingConfiguration c)
    {
        using IDisposable noGrad = no_grad();
        foreach ((string name, Parameter parameter) in _cell.named_parameters())
        {
            if (name.StartsWith("bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }

            if (c.Cell == CellType.Lstm && name.StartsWith("bias_ih", StringComparison.Ordinal))
            {
                parameter.narrow(0, c.Hidden, c.Hidden).fill_(1); // gate blocks i, f, g, o
            }
        }

        _readout.bias!.zero_();
    }
}
