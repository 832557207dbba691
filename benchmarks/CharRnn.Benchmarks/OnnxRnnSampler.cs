using CharRnn.CompilerServices;
using System.Text;
using CharRnn.ModelFormat;
using CharRnn.Training.Export.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace CharRnn.Benchmarks;

/// <summary>
/// The ONNX Runtime peer of the sampling benchmarks: the one-step graph <c>charrnn export --format onnx</c> writes
/// (<see cref="OnnxStepGraph"/>) of a one-layer RNN or GRU, run once per character through IO
/// bindings to preallocated OrtValues over managed buffers (nothing is created per step), the next character chosen by
/// CharRnn's <see cref="Sampler"/> from the logits, and h fed back by swapping two bindings whose h input and output
/// are crossed. All graph optimisations, sequential execution, <c>threads</c> intra-op threads.
/// </summary>
internal sealed class OnnxRnnSampler : IDisposable
{
    private readonly int[] _vocabulary;
    private readonly float[] _outputBias;
    private readonly SamplingOptions _options;
    private readonly long[] _id = new long[1];
    private readonly float[] _logits;
    private readonly float[] _scratch;
    private readonly float[][] _hidden;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue[] _values;
    private readonly OrtIoBinding[] _bindings;
    private int _current; // which of _hidden holds h, and which binding reads it
    private CharRnnRandom _random;

    public OnnxRnnSampler(ModelFile model, SamplingOptions options, int threads)
    {
        options.Validate();
        _vocabulary = [.. model.Vocabulary];
        _outputBias = [.. model.TensorData("by")];
        _options = options;
        _logits = new float[model.VocabularySize];
        _scratch = new float[model.VocabularySize];
        _hidden = [new float[model.HiddenSize], new float[model.HiddenSize]];

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (model.Layers != 1 || model.Cell == CellType.Lstm)
        {
            throw new ArgumentException("the peer feeds back one layer's h: a one-layer RNN or GRU", nameof(model));
        }

        _session = new InferenceSession(OnnxStepGraph.Build(model), sessionOptions);

        OrtValue id = OrtValue.CreateTensorValueFromMemory(_id, [1]);
        OrtValue logits = OrtValue.CreateTensorValueFromMemory(_logits, [1, model.VocabularySize]);
        OrtValue[] hidden = [.. _hidden.Select(h => OrtValue.CreateTensorValueFromMemory(h, [1, model.HiddenSize]))];
        _values = [id, logits, .. hidden];
        _bindings = [Bind(id, logits, hidden[0], hidden[1]), Bind(id, logits, hidden[1], hidden[0])];
        Reset();
    }

    /// <summary>h after the last step.</summary>
    public ReadOnlySpan<float> Hidden => _hidden[_current];

    /// <summary>The logits of the last step (overwritten by <see cref="Next"/>'s choice).</summary>
    public ReadOnlySpan<float> Logits => _logits;

    /// <summary>Back to the zero state and the options' seed, like a new session.</summary>
    public void Reset()
    {
        Array.Clear(_hidden[_current]);
        _outputBias.CopyTo(_logits); // the logits of h = 0
        _random = new CharRnnRandom(_options.Seed);
    }

    /// <summary>Samples the next character from the current logits and feeds it back, like DynamicSession.Next.</summary>
    public Rune Next()
    {
        int id = Sampler.Choose(_logits, _scratch, _options, ref _random);
        Step(id);
        return new Rune(_vocabulary[id]);
    }

    /// <summary>Runs one step of the graph on character id <paramref name="id"/>.</summary>
    public void Step(int id)
    {
        _id[0] = id;
        _session.RunWithBinding(_runOptions, _bindings[_current]);
        _current ^= 1;
    }

    public void Dispose()
    {
        foreach (OrtIoBinding binding in _bindings)
        {
            binding.Dispose();
        }

        foreach (OrtValue value in _values)
        {
            value.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }

    private OrtIoBinding Bind(OrtValue id, OrtValue logits, OrtValue hidden, OrtValue nextHidden)
    {
        OrtIoBinding binding = _session.CreateIoBinding();
        binding.BindInput(OnnxStepGraph.Id, id);
        binding.BindInput(OnnxStepGraph.Hidden(0), hidden);
        binding.BindOutput(OnnxStepGraph.Logits, logits);
        binding.BindOutput(OnnxStepGraph.NextHidden(0), nextHidden);
        return binding;
    }
}
