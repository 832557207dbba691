using System.ComponentModel;

namespace CharRnn.CompilerServices;

/// <summary>
/// A layer's input (for generated code): the first layer reads a one-hot character id, every other layer the new h
/// of the layer below. <see cref="Project"/> computes the input half of the pre-activations, <c>a = bh + Wxh·x</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct LayerInput
{
    private readonly int _id;
    private readonly ReadOnlySpan<float> _dense;

    private LayerInput(int id, ReadOnlySpan<float> dense)
    {
        _id = id;
        _dense = dense;
    }

    /// <summary>The first layer's input: character <paramref name="id"/>, one-hot.</summary>
    public static LayerInput OneHot(int id) => new(id, default);

    /// <summary>A stacked layer's input: the new hidden state of the layer below.</summary>
    public static LayerInput Dense(ReadOnlySpan<float> below) => new(-1, below);

    /// <summary>
    /// <c>a = bh + Wxh[:, id]</c> for a one-hot input (Wxh input-major, so that is one contiguous row of it); otherwise
    /// <c>a = bh</c>, then <c>a += Wxh·x</c> with terms in increasing input index.
    /// </summary>
    internal void Project<TMatrix>(TMatrix wxh, ReadOnlySpan<float> bh, Span<float> a)
        where TMatrix : IWeightMatrix<TMatrix>, allows ref struct
    {
        if (_id >= 0)
        {
            TMatrix.AddColumn(bh, wxh, _id, a);
        }
        else
        {
            bh.CopyTo(a);
            TMatrix.MultiplyAccumulate(wxh, _dense, a);
        }
    }
}
