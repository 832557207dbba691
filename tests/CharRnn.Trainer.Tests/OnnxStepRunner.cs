using CharRnn.Training.Export.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// Steps a graph written by <c>charrnn export --format onnx</c> in ONNX Runtime (CPU), feeding each step's state
/// outputs back as the next step's inputs, as a user of the graph would.
/// </summary>
internal sealed class OnnxStepRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int _layers;
    private readonly bool _hasCellState;
    private readonly float[][] _hidden;
    private readonly float[][] _cells;

    public OnnxStepRunner(string path, int layers, int hiddenSize, bool hasCellState)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(path, options);
        _layers = layers;
        _hasCellState = hasCellState;
        _hidden = [.. Enumerable.Range(0, layers).Select(_ => new float[hiddenSize])];
        _cells = [.. Enumerable.Range(0, hasCellState ? layers : 0).Select(_ => new float[hiddenSize])];
    }

    public InferenceSession Session => _session;

    /// <summary>Runs one step on character <paramref name="id"/> and returns its logits.</summary>
    public float[] Step(int id)
    {
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(OnnxStepGraph.Id, new DenseTensor<long>(new long[] { id }, [1])) };
        for (int layer = 0; layer < _layers; layer++)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxStepGraph.Hidden(layer), new DenseTensor<float>(_hidden[layer], [1, _hidden[layer].Length])));
            if (_hasCellState)
            {
                inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxStepGraph.CellState(layer), new DenseTensor<float>(_cells[layer], [1, _cells[layer].Length])));
            }
        }

        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = _session.Run(inputs);
        float[] Output(string name) => results.Single(result => result.Name == name).AsTensor<float>().ToArray();
        for (int layer = 0; layer < _layers; layer++)
        {
            _hidden[layer] = Output(OnnxStepGraph.NextHidden(layer));
            if (_hasCellState)
            {
                _cells[layer] = Output(OnnxStepGraph.NextCellState(layer));
            }
        }

        return Output(OnnxStepGraph.Logits);
    }

    public void Dispose() => _session.Dispose();
}
