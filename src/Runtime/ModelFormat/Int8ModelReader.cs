using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;

namespace CharRnn.ModelFormat;

/// <summary>
/// Turns the checked data section of an int8 model file into a model, refusing what no quantizer writes: a value
/// of -128, a scale that is not finite and positive (or so large that a weight would pass ±1e6), a bias that is
/// not finite.
/// </summary>
internal static class Int8ModelReader
{
    public static ModelFile Decode(CellType cell, int layers, int hiddenSize, int[] vocabulary, TrainingFacts facts,
        IReadOnlyList<TensorInfo> tensors, List<Int8FileTable.Row> rows, byte[] data, int line, bool checkWeights)
    {
        var values = new sbyte[Int8Tensors.ValueCount(tensors)];
        var scales = new float[Int8Tensors.ScaleCount(tensors)];
        var vectors = new float[values.Length];
        int scaleIndex = 0;
        foreach (Int8FileTable.Row row in rows)
        {
            ReadOnlySpan<byte> bytes = data.AsSpan(row.ByteOffset, row.ByteLength);
            if (row.IsScale)
            {
                ReadFloats(bytes, scales.AsSpan(scaleIndex, row.Tensor.Rows));
                if (checkWeights)
                {
                    CheckScales(scales.AsSpan(scaleIndex, row.Tensor.Rows), row.Tensor.Name, line);
                }

                scaleIndex += row.Tensor.Rows;
            }
            else if (row.Tensor.IsVector)
            {
                ReadFloats(bytes, vectors.AsSpan(row.Tensor.Offset, row.Tensor.Length));
            }
            else
            {
                ReadValues(bytes, values.AsSpan(row.Tensor.Offset, row.Tensor.Length), row.Tensor.Name, line);
            }
        }

        var int8 = new Int8Tensors(values, scales, tensors);
        ModelFile model = ModelFile.AdoptInt8(cell, layers, hiddenSize, vocabulary, int8, vectors, facts);
        if (checkWeights)
        {
            ModelFileReader.CheckWeights(vectors, tensors, line);
        }

        return model;
    }

    private static void ReadFloats(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        bytes.CopyTo(MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(destination);
            for (int i = 0; i < words.Length; i++)
            {
                words[i] = BinaryPrimitives.ReverseEndianness(words[i]);
            }
        }
    }

    private static void ReadValues(ReadOnlySpan<byte> bytes, Span<sbyte> destination, string tensor, int line)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            sbyte value = unchecked((sbyte)bytes[i]);
            if (value < -Int8Quantization.MaxValue)
            {
                throw new ModelFormatException(
                    $"int8 value {i} of tensor {tensor} is -128; int8 weights lie in [-127, 127] (the file was edited or written by another tool; quantize the float32 model again)",
                    line,
                    ModelProblem.InvalidQuantization);
            }

            destination[i] = value;
        }
    }

    // A weight is value × scale with |value| ≤ 127, so this bound keeps every weight within the float reader's ±1e6.
    private const float MaxScale = ModelFileReader.MaxWeightMagnitude / Int8Quantization.MaxValue;

    private static void CheckScales(ReadOnlySpan<float> scales, string tensor, int line)
    {
        for (int row = 0; row < scales.Length; row++)
        {
            float scale = scales[row];
            if (!(scale > 0f && scale <= MaxScale))
            {
                throw new ModelFormatException(
                    $"the scale of row {row} of tensor {tensor} is {scale.ToString("R", CultureInfo.InvariantCulture)}; every scale must be finite, positive and at most {MaxScale.ToString("R", CultureInfo.InvariantCulture)} (the file was edited; quantize the float32 model again)",
                    line,
                    ModelProblem.InvalidQuantization);
            }
        }
    }
}
