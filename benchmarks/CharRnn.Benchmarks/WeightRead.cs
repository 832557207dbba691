using CharRnn.Cells;
using System.Runtime.InteropServices;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>
/// The bandwidth bound of a sampling step: a buffer as large as the weights one step of a one-layer model reads
/// (Whh, one column of Wxh, the biases, Why and by), read once by the C reference's stream_read with loads of the width
/// the process's kernels use (<see cref="NativeReference.VectorBits"/>: the library built for that width).
/// The time of one read is the least a step can take while the weights come from wherever they fit in the caches.
/// </summary>
internal sealed unsafe class WeightRead : IDisposable
{
    private readonly long _floats;
    private float* _buffer;

    public WeightRead(CellType cell, int hidden, int vocabulary)
    {
        long h = hidden, v = vocabulary, rows = CellCatalog.For(cell).GateCount * h;
        long floats = (rows * h) + rows + rows + (CellCatalog.For(cell).ExtraBiases.Count * h) + (v * h) + v;
        _floats = (floats + 63) / 64 * 64; // stream_read takes whole 64-float blocks
        _buffer = (float*)NativeMemory.AlignedAlloc((nuint)(_floats * sizeof(float)), 64);
        new Span<float>(_buffer, (int)_floats).Fill(1f);
    }

    /// <summary>Reads the whole buffer once; returns the sum so the reads stay.</summary>
    public float Read() => NativeReference.StreamRead(_buffer, _floats);

    public void Dispose()
    {
        NativeMemory.AlignedFree(_buffer);
        _buffer = null;
    }
}
