using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

/// <summary>
/// The cells' equations in double precision, written straight from the model file's row-major tensors with
/// Math.Exp and Math.Tanh: an independent check on the float kernels, sharing no code with them.
/// </summary>
internal sealed class ReferenceModel
{
    private readonly ModelFile _model;
    private readonly int _size;
    private readonly double[][] _h;
    private readonly double[][] _c;

    public ReferenceModel(ModelFile model)
    {
        _model = model;
        _size = model.HiddenSize;
        _h = Enumerable.Range(0, model.Layers).Select(_ => new double[_size]).ToArray();
        _c = Enumerable.Range(0, model.Layers).Select(_ => new double[_size]).ToArray();
    }

    public double[] Hidden(int layer) => _h[layer];

    public double[] Cells(int layer) => _c[layer];

    /// <summary>Takes over a float state (layer after layer), so the next step's error is that step's alone.</summary>
    public void Load(float[] hidden, float[] cells)
    {
        for (int layer = 0; layer < _h.Length; layer++)
        {
            for (int k = 0; k < _size; k++)
            {
                _h[layer][k] = hidden[(layer * _size) + k];
                _c[layer][k] = cells.Length == 0 ? 0 : cells[(layer * _size) + k];
            }
        }
    }

    public void Step(int id)
    {
        double[] x = new double[_model.VocabularySize];
        x[id] = 1;
        for (int layer = 0; layer < _model.Layers; layer++)
        {
            double[] input = Affine(layer, "Wxh", x, Tensor(layer, "bh"));
            double[] recurrent = Affine(layer, "Whh", _h[layer], new double[input.Length]);
            switch (_model.Cell)
            {
                case CellType.Lstm:
                    Lstm(Add(input, recurrent), _h[layer], _c[layer]);
                    break;
                case CellType.Gru:
                    Gru(input, recurrent, Tensor(layer, "bhn"), _h[layer]);
                    break;
                default:
                    double[] a = Add(input, recurrent);
                    for (int k = 0; k < _size; k++)
                    {
                        _h[layer][k] = Math.Tanh(a[k]);
                    }

                    break;
            }

            x = _h[layer];
        }
    }

    public double[] Logits() => Affine(-1, "Why", _h[^1], Data("by"));

    private void Lstm(double[] a, double[] h, double[] c)
    {
        int n = _size;
        for (int k = 0; k < n; k++)
        {
            double i = Sigmoid(a[k]), f = Sigmoid(a[n + k]), g = Math.Tanh(a[(2 * n) + k]), o = Sigmoid(a[(3 * n) + k]);
            c[k] = (f * c[k]) + (i * g);
            h[k] = o * Math.Tanh(c[k]);
        }
    }

    private void Gru(double[] x, double[] u, double[] bhn, double[] h)
    {
        int n = _size;
        for (int k = 0; k < n; k++)
        {
            double r = Sigmoid(x[k] + u[k]), z = Sigmoid(x[n + k] + u[n + k]);
            double candidate = Math.Tanh(x[(2 * n) + k] + (r * (u[(2 * n) + k] + bhn[k])));
            h[k] = ((1 - z) * candidate) + (z * h[k]);
        }
    }

    // bias + W·v with W row-major [rows, v.Length] as the file stores it.
    private double[] Affine(int layer, string name, double[] v, double[] bias)
    {
        TensorInfo tensor = _model.Tensor(layer < 0 ? name : ModelSchema.LayerTensor(layer, name));
        double[] w = Data(tensor.Name);
        double[] y = (double[])bias.Clone();
        for (int r = 0; r < tensor.Rows; r++)
        {
            for (int j = 0; j < tensor.Columns; j++)
            {
                y[r] += w[(r * tensor.Columns) + j] * v[j];
            }
        }

        return y;
    }

    private double[] Tensor(int layer, string name) => Data(ModelSchema.LayerTensor(layer, name));

    private double[] Data(string name) => _model.TensorData(name).ToArray().Select(value => (double)value).ToArray();

    private static double[] Add(double[] a, double[] b) => a.Zip(b, (p, q) => p + q).ToArray();

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
