using System;
using System.Collections.Generic;

namespace CharRnn.ModelFormat;

/// <summary>
/// Symmetric int8 with one scale per matrix row (docs/determinism.md, "Int8 models"): for row r, <c>s = max|w| / 127</c>
/// (1 for a row of zeros) and <c>q = clamp(round(w / s), -127, 127)</c>, ties to even, all in float32. Biases
/// stay float32.
/// </summary>
internal static class Int8Quantization
{
    /// <summary>The largest magnitude of a quantized value; -128 is never written.</summary>
    public const int MaxValue = 127;

    /// <summary>The quantized values and row scales of every matrix of <paramref name="model"/>, a float32 model.</summary>
    public static Int8Tensors Quantize(ModelFile model)
    {
        IReadOnlyList<TensorInfo> tensors = model.Tensors;
        var values = new sbyte[model.Weights.Length];
        var scales = new float[Int8Tensors.ScaleCount(tensors)];
        ReadOnlySpan<float> weights = model.Weights.AsSpan();
        int scaleIndex = 0;
        foreach (TensorInfo tensor in tensors)
        {
            if (tensor.IsVector)
            {
                continue;
            }

            for (int row = 0; row < tensor.Rows; row++)
            {
                int start = tensor.Offset + row * tensor.Columns;
                ReadOnlySpan<float> source = weights.Slice(start, tensor.Columns);
                float scale = RowScale(source);
                scales[scaleIndex++] = scale;
                for (int column = 0; column < source.Length; column++)
                {
                    // Through double, exactly: the generator's netstandard2.0 has no float rounding.
                    double quantized = Math.Round((double)(source[column] / scale), MidpointRounding.ToEven);
                    values[start + column] = (sbyte)Math.Max(-MaxValue, Math.Min(MaxValue, quantized));
                }
            }
        }

        return new Int8Tensors(values, scales, tensors);
    }

    /// <summary>
    /// The float32 weights an int8 model stands for: each matrix value times its row's scale, the vectors as they are.
    /// </summary>
    public static float[] Dequantize(Int8Tensors int8, float[] vectors, IReadOnlyList<TensorInfo> tensors)
    {
        foreach (TensorInfo tensor in tensors)
        {
            if (tensor.IsVector)
            {
                continue;
            }

            int scales = int8.ScaleOffsets[tensor.Name];
            for (int row = 0; row < tensor.Rows; row++)
            {
                float scale = int8.Scales[scales + row];
                int start = tensor.Offset + row * tensor.Columns;
                for (int column = 0; column < tensor.Columns; column++)
                {
                    vectors[start + column] = int8.Values[start + column] * scale;
                }
            }
        }

        return vectors;
    }

    private static float RowScale(ReadOnlySpan<float> row)
    {
        float largest = 0f;
        foreach (float weight in row)
        {
            largest = Math.Max(largest, Math.Abs(weight));
        }

        return largest == 0f ? 1f : largest / MaxValue;
    }
}
