using System.Runtime.InteropServices;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>
/// The C reference of the sampling step (benchmarks/native/rnn_reference.c, built by this project's build into
/// libcharrnn_reference.so beside the benchmarks), loaded with a model's own weights.
/// </summary>
internal sealed partial class NativeReference : IDisposable
{
    private const string Library = "charrnn_reference";
    private nint _model;

    /// <summary>Copies a vanilla RNN's weights into the C reference and seeds its random stream.</summary>
    public NativeReference(ModelFile file, ulong seed)
    {
        if (file.Cell != CellType.Rnn || file.Layers != 1)
        {
            throw new ArgumentException("The C reference runs one-layer vanilla RNNs only.", nameof(file));
        }

        _model = Create(file.HiddenSize, file.VocabularySize, Tensor(file, "layer0.Wxh"), Tensor(file, "layer0.Whh"),
            Tensor(file, "layer0.bh"), Tensor(file, "Why"), Tensor(file, "by"), seed);
        if (_model == 0)
        {
            throw new OutOfMemoryException("The C reference could not allocate its buffers.");
        }
    }

    /// <summary>One character: logits, libm expf and the draw, the step with libm tanhf. Returns the id.</summary>
    public int Next(float temperature) => NextNative(_model, temperature);

    /// <summary>The step's two matrix products alone.</summary>
    public int ProductsOnly() => ProductsOnlyNative(_model);

    public void Dispose()
    {
        Destroy(_model);
        _model = 0;
    }

    /// <summary>Reads <paramref name="count"/> floats (a multiple of 64) with AVX2 loads; returns their sum.</summary>
    [LibraryImport(Library, EntryPoint = "stream_read")]
    public static unsafe partial float StreamRead(float* buffer, long count);

    private static float[] Tensor(ModelFile file, string name) => [.. file.TensorData(name)];

    [LibraryImport(Library, EntryPoint = "rnn_reference_create")]
    private static partial nint Create(int hidden, int vocab, float[] wxh, float[] whh, float[] bh, float[] why,
        float[] by, ulong seed);

    [LibraryImport(Library, EntryPoint = "rnn_reference_next")]
    private static partial int NextNative(nint model, float temperature);

    [LibraryImport(Library, EntryPoint = "rnn_reference_products_only")]
    private static partial int ProductsOnlyNative(nint model);

    [LibraryImport(Library, EntryPoint = "rnn_reference_destroy")]
    private static partial void Destroy(nint model);
}
