using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace CharRnn.Training.Interop;

/// <summary>
/// Reads a safetensors file (https://huggingface.co/docs/safetensors) strictly: an 8-byte little-endian header
/// length, a JSON object naming each tensor's dtype, shape and byte range in the data that follows, then the data.
/// Every claim of the header is checked against the bytes before a tensor is handed out: the header fits the file,
/// is one JSON object with distinct keys, every dtype is known, every byte count is its shape times its dtype's size,
/// and the ranges tile the data exactly (no overlap, no gap, nothing outside or after).
/// </summary>
internal static class SafetensorsReader
{
    /// <summary>The safetensors library's own header limit; a longer header is not a state dict.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Far above any model CharRnn holds, below what one array can hold.</summary>
    private const long MaxFileBytes = 1L << 30;

    private static readonly Dictionary<string, int> DTypeSizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    /// <summary>Reads the file at <paramref name="path"/>; <paramref name="option"/> names where the path came from.</summary>
    /// <exception cref="ImportException">The file is missing, too large, or not a well-formed safetensors file.</exception>
    public static SafetensorsFileContents Read(string path, string option) => InputFile.Read(path, option, MaxFileBytes, Parse);

    /// <summary>Parses the bytes of a whole file; the messages say what is wrong without naming the file.</summary>
    /// <exception cref="ImportException">The bytes are not a well-formed safetensors file.</exception>
    public static SafetensorsFileContents Parse(byte[] file)
    {
        if (file.Length < sizeof(ulong))
        {
            throw new ImportException($"the file is {file.Length} bytes, too short for the 8-byte header length a safetensors file starts with: truncated or not a safetensors file");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        long available = file.Length - sizeof(ulong);
        if (headerLength == 0 || headerLength > MaxHeaderBytes || headerLength > (ulong)available)
        {
            throw new ImportException(headerLength > (ulong)available && headerLength <= MaxHeaderBytes
                ? $"the header length says {headerLength} bytes but only {available} follow: the file is truncated"
                : $"the first 8 bytes give a header length of {headerLength}, which no safetensors file has: not a safetensors file{Hint(file)}");
        }

        ReadOnlyMemory<byte> header = file.AsMemory(sizeof(ulong), (int)headerLength);
        ReadOnlyMemory<byte> data = file.AsMemory(sizeof(ulong) + (int)headerLength);
        List<SafetensorsTensor> tensors = [];
        Dictionary<string, string> metadata = new(StringComparer.Ordinal);
        JsonElement root = ParseHeader(header);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var ranges = new List<(long Begin, long End, string Name)>();
        foreach (JsonProperty entry in root.EnumerateObject())
        {
            if (!names.Add(entry.Name))
            {
                throw new ImportException($"the header names '{entry.Name}' twice");
            }

            if (entry.Name == "__metadata__")
            {
                ReadMetadata(entry.Value, metadata);
                continue;
            }

            (string dtype, long[] shape, long begin, long end) = ReadEntry(entry, data.Length);
            ranges.Add((begin, end, entry.Name));
            tensors.Add(new SafetensorsTensor(entry.Name, dtype, shape, data[(int)begin..(int)end]));
        }

        CheckTiling(ranges, data.Length);
        return new SafetensorsFileContents(tensors, metadata);
    }

    // torch.save writes a zip archive (or, before PyTorch 1.6, a bare pickle); say how to get safetensors instead.
    private static string Hint(byte[] file) =>
        file is [(byte)'P', (byte)'K', 3, 4, ..] or [0x80, ..]
            ? " (this looks like a torch.save checkpoint: save with safetensors.torch.save_file(model.state_dict(), path))"
            : "";

    private static JsonElement ParseHeader(ReadOnlyMemory<byte> header)
    {
        // The format pads the header with trailing spaces only; it starts with the object itself.
        if (header.Span[0] != (byte)'{')
        {
            throw new ImportException("the header does not start with '{': not a safetensors file");
        }

        try
        {
            var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            _ = strict.GetCharCount(header.Span);
            using JsonDocument document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ImportException("the header is not a JSON object: not a safetensors file");
            }

            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw new ImportException($"the header is not valid UTF-8 JSON ({e.Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')}): not a safetensors file, or a damaged one");
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ImportException("the header's __metadata__ is not an object of strings");
        }

        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String || !metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw new ImportException($"the header's __metadata__ entry '{item.Name}' is not a string, or is given twice");
            }
        }
    }

    private static (string DType, long[] Shape, long Begin, long End) ReadEntry(JsonProperty entry, long dataLength)
    {
        string name = entry.Name;
        JsonElement value = entry.Value;
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ImportException($"tensor '{name}': its header entry is not an object");
        }

        string? dtype = null;
        long[]? shape = null, offsets = null;
        foreach (JsonProperty field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtype is null && field.Value.ValueKind == JsonValueKind.String:
                    dtype = field.Value.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = Integers(name, field);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = Integers(name, field);
                    break;
                default:
                    throw new ImportException($"tensor '{name}': unexpected header field '{field.Name}' (or one given twice, or of the wrong kind)");
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            throw new ImportException($"tensor '{name}': its header entry needs dtype, shape and data_offsets");
        }

        if (!DTypeSizes.TryGetValue(dtype, out int size))
        {
            throw new ImportException($"tensor '{name}' has the unknown dtype '{dtype}'");
        }

        if (offsets.Length != 2 || offsets[0] > offsets[1])
        {
            throw new ImportException($"tensor '{name}': data_offsets must be [begin, end] with begin <= end");
        }

        if (offsets[1] > dataLength)
        {
            throw new ImportException($"tensor '{name}' ends at byte {offsets[1]} of the data, but the data holds {dataLength} bytes: the file is truncated or its header is wrong");
        }

        long bytes = size;
        try
        {
            foreach (long dimension in shape)
            {
                bytes = checked(bytes * dimension);
            }
        }
        catch (OverflowException)
        {
            bytes = long.MaxValue;
        }

        if (bytes != offsets[1] - offsets[0])
        {
            throw new ImportException($"tensor '{name}' is {dtype} [{string.Join(", ", shape)}], {bytes} bytes, but its data_offsets span {offsets[1] - offsets[0]}");
        }

        return (dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] Integers(string name, JsonProperty field)
    {
        if (field.Value.ValueKind != JsonValueKind.Array)
        {
            throw new ImportException($"tensor '{name}': {field.Name} is not an array");
        }

        var values = new List<long>();
        foreach (JsonElement item in field.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value) || value < 0)
            {
                throw new ImportException($"tensor '{name}': {field.Name} holds {item.GetRawText()}, not a whole number >= 0");
            }

            values.Add(value);
        }

        return [.. values];
    }

    /// <summary>The byte ranges, in data order, must follow each other from 0 to the data's end.</summary>
    private static void CheckTiling(List<(long Begin, long End, string Name)> ranges, long dataLength)
    {
        long covered = 0;
        string previous = "";
        foreach ((long begin, long end, string name) in ranges.OrderBy(range => range.Begin).ThenBy(range => range.End))
        {
            if (begin < covered)
            {
                throw new ImportException($"tensors '{previous}' and '{name}' overlap in the data");
            }

            if (begin > covered)
            {
                throw new ImportException($"bytes {covered} to {begin} of the data belong to no tensor (before '{name}')");
            }

            covered = end;
            previous = name;
        }

        if (covered != dataLength)
        {
            throw new ImportException($"the data holds {dataLength - covered} bytes after the last tensor");
        }
    }
}
