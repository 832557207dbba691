using System.Numerics;

namespace CharRnn.Training.Numerics;

/// <summary>
/// A row-major B with its panels packed once for <see cref="Gemm"/>: the recurrent weights are multiplied at every
/// time step of a chunk, by a few rows each time, so packing them per product would cost as much as the product.
/// </summary>
internal sealed class PackedMatrix<T>
    where T : unmanaged, INumber<T>
{
    private readonly T[] _panels;
    private T[] _array = [];
    private int _offset;

    public PackedMatrix(int inner, int columns)
    {
        Inner = inner;
        Columns = columns;
        _panels = new T[inner * (columns - columns % (2 * Vector<T>.Count))];
    }

    public int Inner { get; }

    public int Columns { get; }

    /// <summary>B itself, for the columns past the last whole panel.</summary>
    public ReadOnlySpan<T> Source => _array.AsSpan(_offset, Inner * Columns);

    public ReadOnlySpan<T> Panels => _panels;

    /// <summary>
    /// Packs B, stored in <paramref name="array"/> from <paramref name="offset"/>. The products read the array's
    /// columns past the last panel until the next call, so the array is kept, not copied.
    /// </summary>
    public void Pack(T[] array, int offset)
    {
        _array = array;
        _offset = offset;
        Gemm.PackPanels(Source, _panels, Inner, Columns);
    }
}
