using System.Collections.Generic;
using System.Globalization;

namespace CharRnn.ModelFormat;

/// <summary>
/// The tensor table of an int8 model file (version 2): each matrix of <see cref="ModelSchema.ExpectedTensors"/> as
/// <c>NAME RxC i8</c> followed by its row scales <c>NAME.scale R f32</c>, each vector as <c>NAME N f32</c>, with
/// offsets in bytes into the data section.
/// </summary>
internal static class Int8FileTable
{
    /// <summary>One row of the table: the file's line after <c>tensor </c>, and where its bytes lie.</summary>
    internal sealed record Row(string Text, TensorInfo Tensor, bool IsScale, int ByteOffset, int ByteLength);

    public static List<Row> Rows(IReadOnlyList<TensorInfo> tensors)
    {
        var rows = new List<Row>();
        int offset = 0;
        void Add(string name, string shape, string type, TensorInfo tensor, bool isScale, int length)
        {
            rows.Add(new Row(name + " " + shape + " " + type + " " + offset.ToString(CultureInfo.InvariantCulture), tensor, isScale, offset, length));
            offset += length;
        }

        foreach (TensorInfo tensor in tensors)
        {
            if (tensor.IsVector)
            {
                Add(tensor.Name, tensor.ShapeText, "f32", tensor, isScale: false, tensor.Length * sizeof(float));
            }
            else
            {
                Add(tensor.Name, tensor.ShapeText, "i8", tensor, isScale: false, tensor.Length);
                Add(tensor.Name + ".scale", tensor.Rows.ToString(CultureInfo.InvariantCulture), "f32", tensor, isScale: true, tensor.Rows * sizeof(float));
            }
        }

        return rows;
    }

    /// <summary>The bytes of the data section the table describes.</summary>
    public static long DataLength(List<Row> rows)
    {
        Row last = rows[rows.Count - 1];
        return (long)last.ByteOffset + last.ByteLength;
    }
}
