using System.Numerics;

namespace CharRnn.Training.Numerics;

/// <summary>
/// A B operand of <see cref="Gemm"/> with its panels packed once: the weights are multiplied at every time step of a
/// chunk, by a few rows each time, so packing them per product would cost as much as the product.
/// </summary>
internal sealed class PackedMatrix<T>
    where T : unmanaged, INumber<T>
{
    private readonly T[] _panels;

    /// <summary>B is <c>[inner, columns]</c>.</summary>
    public PackedMatrix(int inner, int columns)
    {
        Inner = inner;
        Columns = columns;
        _panels = new T[Gemm.PackedLength<T>(inner, columns)];
    }

    public int Inner { get; }

    public int Columns { get; }

    public ReadOnlySpan<T> Panels => _panels;

    /// <summary>Packs B, row-major <c>[inner, columns]</c>.</summary>
    public void Pack(ReadOnlySpan<T> b) => Gemm.PackPanels(b, Columns, 1, _panels, Inner, Columns);

    /// <summary>Packs B = Mᵀ from M, row-major <c>[columns, inner]</c>, with no transposed copy of M.</summary>
    public void PackTransposed(ReadOnlySpan<T> m) => Gemm.PackPanels(m, 1, Inner, _panels, Inner, Columns);
}
