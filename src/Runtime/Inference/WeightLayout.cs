namespace CharRnn.Inference;

/// <summary>
/// Model files store matrices row-major as <c>[outputs, inputs]</c> (the PyTorch convention); inference wants them
/// input-major so each input streams one contiguous row of outputs (see <see cref="Kernels.VectorKernels"/>).
/// </summary>
public static class WeightLayout
{
    /// <summary>Writes the transpose of the <paramref name="rows"/>×<paramref name="columns"/> matrix <paramref name="source"/>.</summary>
    public static void Transpose<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> destination)
    {
        if (source.Length != rows * columns || destination.Length != source.Length)
        {
            throw new ArgumentException("The spans do not match the matrix shape.");
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                destination[c * rows + r] = source[r * columns + c];
            }
        }
    }
}
