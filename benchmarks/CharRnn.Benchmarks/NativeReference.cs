using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>
/// The C reference of the sampling step (benchmarks/native/rnn_reference.c), loaded with a model's own weights. The
/// project's build compiles it once per vector width (libcharrnn_reference_128.so, _256.so, _512.so beside the
/// benchmarks); this process loads the one for <see cref="VectorBits"/>, the width its CharRnn kernels use, so each
/// job compares C and C# at the same width.
/// </summary>
internal sealed unsafe class NativeReference : IDisposable
{
    private nint _model;

    /// <summary>Copies a vanilla RNN's weights into the C reference and seeds its random stream.</summary>
    public NativeReference(ModelFile file, ulong seed)
    {
        if (file.Cell != CellType.Rnn || file.Layers != 1)
        {
            throw new ArgumentException("The C reference runs one-layer vanilla RNNs only.", nameof(file));
        }

        fixed (float* wxh = Tensor(file, "layer0.Wxh"), whh = Tensor(file, "layer0.Whh"), bh = Tensor(file, "layer0.bh"),
               why = Tensor(file, "Why"), by = Tensor(file, "by"))
        {
            _model = Library.Create(file.HiddenSize, file.VocabularySize, wxh, whh, bh, why, by, seed);
        }

        if (_model == 0)
        {
            throw new OutOfMemoryException("The C reference could not allocate its buffers.");
        }
    }

    /// <summary>The width of this process's CharRnn kernels in bits: <see cref="Vector{T}"/>'s (4 floats: 128).</summary>
    public static int VectorBits => Vector<float>.Count * 32;

    /// <summary>The C build for vectors of <paramref name="bits"/>, e.g. "256-bit AVX2+FMA".</summary>
    public static string Build(int bits) => bits switch
    {
        128 => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? "128-bit SSE4.2" : "128-bit NEON",
        256 => "256-bit AVX2+FMA",
        _ => $"{bits}-bit AVX-512",
    };

    /// <summary>One character: logits, libm expf and the draw, the step with libm tanhf. Returns the id.</summary>
    public int Next(float temperature) => Library.Next(_model, temperature);

    /// <summary>The step's two matrix products alone.</summary>
    public int ProductsOnly() => Library.ProductsOnly(_model);

    public void Dispose()
    {
        Library.Destroy(_model);
        _model = 0;
    }

    /// <summary>Reads <paramref name="count"/> floats (a multiple of 64) with loads of <see cref="VectorBits"/>; returns their sum.</summary>
    public static float StreamRead(float* buffer, long count) => Library.StreamRead(buffer, count);

    private static float[] Tensor(ModelFile file, string name) => [.. file.TensorData(name)];

    /// <summary>The library for <see cref="VectorBits"/> and its exports, loaded on first use.</summary>
    private static class Library
    {
        private static readonly nint Handle = Load();

        public static readonly delegate* unmanaged<int, int, float*, float*, float*, float*, float*, ulong, nint> Create =
            (delegate* unmanaged<int, int, float*, float*, float*, float*, float*, ulong, nint>)Export("rnn_reference_create");

        public static readonly delegate* unmanaged<nint, float, int> Next = (delegate* unmanaged<nint, float, int>)Export("rnn_reference_next");

        public static readonly delegate* unmanaged<nint, int> ProductsOnly = (delegate* unmanaged<nint, int>)Export("rnn_reference_products_only");

        public static readonly delegate* unmanaged<nint, void> Destroy = (delegate* unmanaged<nint, void>)Export("rnn_reference_destroy");

        public static readonly delegate* unmanaged<float*, long, float> StreamRead = (delegate* unmanaged<float*, long, float>)Export("stream_read");

        private static nint Load()
        {
            int bits = VectorBits;
            if (bits > 256 && !Avx512F.IsSupported)
            {
                throw new PlatformNotSupportedException($"Vector<float> is {bits} bits but the CPU has no AVX-512F.");
            }

            nint handle = NativeLibrary.Load(Path.Combine(AppContext.BaseDirectory, $"libcharrnn_reference_{bits}.so"));
            int built = ((delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "vector_bits"))();
            return built == bits ? handle
                : throw new InvalidOperationException($"libcharrnn_reference_{bits}.so was built for {built}-bit vectors.");
        }

        private static nint Export(string name) => NativeLibrary.GetExport(Handle, name);
    }
}
