namespace CharRnn;

/// <summary>One row of a model file's tensor table: a named float32 tensor stored row-major.</summary>
/// <param name="Name">The tensor's name, e.g. <c>layer0.Whh</c>.</param>
/// <param name="Rows">The number of rows: the output size of a weight matrix, the length of a vector.</param>
/// <param name="Columns">The number of columns of a matrix; 0 for a vector.</param>
/// <param name="Offset">Where the tensor starts in the data section, in floats.</param>
public sealed record TensorInfo(string Name, int Rows, int Columns, int Offset)
{
    /// <summary>Whether the tensor is a vector (one dimension in the file).</summary>
    public bool IsVector => Columns == 0;

    /// <summary>The number of floats the tensor holds.</summary>
    public int Length => IsVector ? Rows : Rows * Columns;

    /// <summary>The shape as the file writes it: <c>128</c> or <c>128x65</c>.</summary>
    public string ShapeText => IsVector ? Rows.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Rows.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x" + Columns.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
