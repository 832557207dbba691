using System;
using System.Collections.Generic;

namespace CharRnn.ModelFormat;

/// <summary>
/// The int8 half of a quantized model: every matrix's values, row-major at the offsets the tensor table gives (the
/// slots of vectors stay 0), and one float32 scale per matrix row, matrix after matrix in table order.
/// </summary>
internal sealed class Int8Tensors
{
    public Int8Tensors(sbyte[] values, float[] scales, IReadOnlyList<TensorInfo> tensors)
    {
        Values = values;
        Scales = scales;
        ScaleOffsets = new Dictionary<string, int>(StringComparer.Ordinal);
        int offset = 0;
        foreach (TensorInfo tensor in tensors)
        {
            if (!tensor.IsVector)
            {
                ScaleOffsets[tensor.Name] = offset;
                offset += tensor.Rows;
            }
        }

        if (values.Length != ValueCount(tensors) || scales.Length != offset)
        {
            throw new ArgumentException("The int8 values or scales do not match the tensor table.");
        }
    }

    public sbyte[] Values { get; }

    public float[] Scales { get; }

    /// <summary>Where each matrix's scales start in <see cref="Scales"/>.</summary>
    public Dictionary<string, int> ScaleOffsets { get; }

    /// <summary>The number of scales a model with this tensor table holds: one per matrix row.</summary>
    public static int ScaleCount(IReadOnlyList<TensorInfo> tensors)
    {
        int count = 0;
        foreach (TensorInfo tensor in tensors)
        {
            count += tensor.IsVector ? 0 : tensor.Rows;
        }

        return count;
    }

    /// <summary>The values a model with this tensor table holds: as many as its weights, the vectors' slots unused.</summary>
    public static int ValueCount(IReadOnlyList<TensorInfo> tensors)
    {
        TensorInfo last = tensors[tensors.Count - 1];
        return last.Offset + last.Length;
    }
}
