namespace CharRnn.Trainer.Tests.Interop;

/// <summary>
/// PyTorch's nn.Embedding → nn.RNN(tanh)/nn.LSTM/nn.GRU → nn.Linear in double precision, written from PyTorch's
/// documented equations over the state dict's own tensors (ids in PyTorch's numbering), so the importer's folding
/// is checked against the equations rather than against its own inverse.
/// </summary>
internal sealed class TorchEquations
{
    private readonly Dictionary<string, (long[] Shape, float[] Values)> _tensors;
    private readonly int _gates, _hidden, _layers;
    private readonly double[][] _h, _c;

    public TorchEquations(StateDictFile stateDict, int gates, int layers, int hidden)
    {
        _tensors = stateDict.Entries.ToDictionary(e => e.Name, e => (e.Shape, Enumerable.Range(0, e.Bytes.Length / 4)
            .Select(i => BitConverter.ToSingle(e.Bytes, 4 * i)).ToArray()));
        (_gates, _layers, _hidden) = (gates, layers, hidden);
        _h = [.. Enumerable.Range(0, layers).Select(_ => new double[hidden])];
        _c = [.. Enumerable.Range(0, layers).Select(_ => new double[hidden])];
    }

    /// <summary>Feeds PyTorch id <paramref name="id"/> and returns the logits, in PyTorch's id order.</summary>
    public double[] Step(int id)
    {
        double[] x = _tensors.TryGetValue("embedding.weight", out var embedding)
            ? [.. embedding.Values.Skip(id * (int)embedding.Shape[1]).Take((int)embedding.Shape[1]).Select(v => (double)v)]
            : [.. Enumerable.Range(0, (int)_tensors["rnn.weight_ih_l0"].Shape[1]).Select(i => i == id ? 1.0 : 0.0)];
        for (int k = 0; k < _layers; k++)
        {
            double[] gx = Affine($"rnn.weight_ih_l{k}", $"rnn.bias_ih_l{k}", x);
            double[] gh = Affine($"rnn.weight_hh_l{k}", $"rnn.bias_hh_l{k}", _h[k]);
            int n = _hidden;
            for (int j = 0; j < n; j++)
            {
                switch (_gates)
                {
                    case 1:
                        _h[k][j] = Math.Tanh(gx[j] + gh[j]);
                        break;
                    case 4: // i, f, g, o
                        double i = Sigmoid(gx[j] + gh[j]), f = Sigmoid(gx[n + j] + gh[n + j]);
                        double g = Math.Tanh(gx[2 * n + j] + gh[2 * n + j]), o = Sigmoid(gx[3 * n + j] + gh[3 * n + j]);
                        _c[k][j] = f * _c[k][j] + i * g;
                        _h[k][j] = o * Math.Tanh(_c[k][j]);
                        break;
                    default: // r, z, n: n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
                        double r = Sigmoid(gx[j] + gh[j]), z = Sigmoid(gx[n + j] + gh[n + j]);
                        double candidate = Math.Tanh(gx[2 * n + j] + r * gh[2 * n + j]);
                        _h[k][j] = (1 - z) * candidate + z * _h[k][j];
                        break;
                }
            }

            x = (double[])_h[k].Clone();
        }

        return Affine("head.weight", "head.bias", x);
    }

    private static double Sigmoid(double value) => 1 / (1 + Math.Exp(-value));

    private double[] Affine(string weight, string bias, double[] input)
    {
        (long[] shape, float[] w) = _tensors[weight];
        float[]? b = _tensors.TryGetValue(bias, out var found) ? found.Values : null;
        var output = new double[shape[0]];
        for (int r = 0; r < output.Length; r++)
        {
            double sum = b?[r] ?? 0;
            for (int c = 0; c < input.Length; c++)
            {
                sum += w[r * input.Length + c] * input[c];
            }

            output[r] = sum;
        }

        return output;
    }
}
