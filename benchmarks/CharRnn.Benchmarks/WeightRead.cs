using CharRnn.Cells;
using System.Runtime.InteropServices;
using CharRnn.Kernels;
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

    /// <summary>A float32 step's bytes.</summary>
    public WeightRead(CellType cell, int hidden, int vocabulary)
        : this(FloatBytes(cell, hidden, vocabulary))
    {
    }

    private WeightRead(long bytes)
    {
        _floats = ((bytes / sizeof(float)) + 63) / 64 * 64; // stream_read takes whole 64-float blocks
        _buffer = (float*)NativeMemory.AlignedAlloc((nuint)(_floats * sizeof(float)), 64);
        new Span<float>(_buffer, (int)_floats).Fill(1f);
    }

    /// <summary>
    /// An int8 step's bytes: the packed Whh and Why (rows and inputs padded as <c>WeightLayout.PackInt8</c> pads them),
    /// one int8 column of Wxh, the row scales of the three, and the float32 biases.
    /// </summary>
    public static WeightRead Int8(CellType cell, int hidden, int vocabulary)
    {
        long h = hidden, v = vocabulary, rows = CellCatalog.For(cell).GateCount * h;
        long values = WeightLayout.ArrangedInt8Length((int)rows, hidden, oneHotInput: false) + rows
            + WeightLayout.ArrangedInt8Length(vocabulary, hidden, oneHotInput: false);
        long scales = rows + rows + v;
        return new WeightRead(values + (sizeof(float) * (scales + Biases(cell, hidden, vocabulary))));
    }

    private static long FloatBytes(CellType cell, int hidden, int vocabulary)
    {
        long h = hidden, v = vocabulary, rows = CellCatalog.For(cell).GateCount * h;
        return sizeof(float) * ((rows * h) + rows + (v * h) + Biases(cell, hidden, vocabulary));
    }

    private static long Biases(CellType cell, int hidden, int vocabulary) =>
        (CellCatalog.For(cell).GateCount * (long)hidden) + (CellCatalog.For(cell).ExtraBiases.Count * (long)hidden) + vocabulary;

    /// <summary>Reads the whole buffer once; returns the sum so the reads stay.</summary>
    public float Read() => NativeReference.StreamRead(_buffer, _floats);

    public void Dispose()
    {
        NativeMemory.AlignedFree(_buffer);
        _buffer = null;
    }
}
