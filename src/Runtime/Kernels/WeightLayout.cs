namespace CharRnn.Kernels;

/// <summary>
/// Model files store matrices row-major as <c>[outputs, inputs]</c> (the PyTorch convention); inference wants them
/// input-major so each input streams contiguous outputs (see <see cref="PackedProduct"/>).
/// </summary>
internal static class WeightLayout
{
    /// <summary>
    /// The outputs in one panel of <see cref="Pack{T}"/>: sixteen 128-bit vectors, eight 256-bit or four 512-bit
    /// ones, the register blocks of <see cref="PackedProduct.MultiplyAccumulate"/>. A fixed number, not the machine's
    /// vector width, so baked weights have one layout everywhere.
    /// </summary>
    public const int PanelWidth = 64;

    /// <summary>
    /// Writes a row-major matrix of the model file the way the step kernels read it: transposed when it multiplies a
    /// one-hot input (the first layer's Wxh, of which a one-hot input reads one contiguous row), otherwise in
    /// <see cref="Pack{T}"/>'s panels for <see cref="PackedProduct.MultiplyAccumulate"/>. Generated code bakes what
    /// this writes.
    /// </summary>
    public static void Arrange(ReadOnlySpan<float> source, int rows, int columns, bool oneHotInput, Span<float> destination)
    {
        if (oneHotInput)
        {
            Transpose(source, rows, columns, destination);
        }
        else
        {
            Pack(source, rows, columns, destination);
        }
    }

    /// <summary>Writes the transpose of the <paramref name="rows"/>×<paramref name="columns"/> matrix <paramref name="source"/>.</summary>
    public static void Transpose<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> destination)
    {
        CheckShape(source.Length, rows, columns, destination.Length);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                destination[c * rows + r] = source[r * columns + c];
            }
        }
    }

    /// <summary>
    /// Writes the <paramref name="rows"/>×<paramref name="columns"/> matrix <paramref name="source"/> as panels of
    /// <see cref="PanelWidth"/> rows (the last may be narrower), one after another, each transposed: panel p holds
    /// rows <c>p·64 ..</c>, input-major, so the kernel reads each panel front to back. A matrix of at most 64 rows
    /// packs to its plain transpose.
    /// </summary>
    public static void Pack<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> destination)
    {
        CheckShape(source.Length, rows, columns, destination.Length);
        for (int first = 0; first < rows; first += PanelWidth)
        {
            int width = Math.Min(PanelWidth, rows - first);
            Span<T> panel = destination.Slice(first * columns, width * columns);
            for (int c = 0; c < columns; c++)
            {
                for (int r = 0; r < width; r++)
                {
                    panel[c * width + r] = source[(first + r) * columns + c];
                }
            }
        }
    }

    /// <summary>The rows of one panel of an int8 matrix (<see cref="PackInt8"/>).</summary>
    public const int Int8PanelRows = 32;

    /// <summary>The inputs of one group of an int8 panel: the four bytes one 32-bit lane of a dot product sums.</summary>
    public const int Int8GroupColumns = 4;

    /// <summary>The values <see cref="ArrangeInt8"/> writes for a matrix of this shape.</summary>
    public static int ArrangedInt8Length(int rows, int columns, bool oneHotInput) =>
        oneHotInput ? rows * columns : Int8PanelsLength(rows, columns) + (sizeof(int) * RoundUp(rows, Int8PanelRows));

    /// <summary>The values of <see cref="PackInt8"/>'s panels, before the row sums.</summary>
    public static int Int8PanelsLength(int rows, int columns) => RoundUp(rows, Int8PanelRows) * Int8PaddedColumns(columns);

    /// <summary>The inputs of a packed row: whole pairs of groups, since the 256-bit kernel takes groups two at a time.</summary>
    public static int Int8PaddedColumns(int columns) => RoundUp(columns, 2 * Int8GroupColumns);

    /// <summary>
    /// Writes a row-major int8 matrix the way the int8 kernels read it: transposed when it multiplies a one-hot input,
    /// otherwise in <see cref="PackInt8"/>'s panels.
    /// </summary>
    public static void ArrangeInt8(ReadOnlySpan<sbyte> source, int rows, int columns, bool oneHotInput, Span<sbyte> destination)
    {
        if (oneHotInput)
        {
            Transpose(source, rows, columns, destination);
        }
        else
        {
            PackInt8(source, rows, columns, destination);
        }
    }

    /// <summary>
    /// Writes the int8 matrix <paramref name="source"/> as panels of <see cref="Int8PanelRows"/> rows; within a panel,
    /// group after group of <see cref="Int8GroupColumns"/> inputs, and in each group the four values of each row side
    /// by side. Rows and columns are padded with zeros to whole panels and pairs of groups. After the panels, each (padded)
    /// row's sum of values as a little-endian int32: a dot product of unsigned bytes takes the input shifted by 128,
    /// and this sum takes the shift away again.
    /// </summary>
    public static void PackInt8(ReadOnlySpan<sbyte> source, int rows, int columns, Span<sbyte> destination)
    {
        int groups = Int8PaddedColumns(columns) / Int8GroupColumns;
        if (source.Length != rows * columns || destination.Length != ArrangedInt8Length(rows, columns, oneHotInput: false))
        {
            throw new ArgumentException("The spans do not match the matrix shape.");
        }

        destination.Clear();
        int sums = Int8PanelsLength(rows, columns);
        for (int r = 0; r < rows; r++)
        {
            int panel = r / Int8PanelRows, row = r % Int8PanelRows, sum = 0;
            for (int c = 0; c < columns; c++)
            {
                int group = c / Int8GroupColumns, lane = c % Int8GroupColumns;
                sbyte value = source[(r * columns) + c];
                destination[((((panel * groups) + group) * Int8PanelRows) + row) * Int8GroupColumns + lane] = value;
                sum += value;
            }

            for (int b = 0; b < sizeof(int); b++)
            {
                destination[sums + (sizeof(int) * r) + b] = unchecked((sbyte)(sum >> (8 * b)));
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static void CheckShape(int sourceLength, int rows, int columns, int destinationLength)
    {
        if (sourceLength != rows * columns || destinationLength != sourceLength)
        {
            throw new ArgumentException("The spans do not match the matrix shape.");
        }
    }
}
