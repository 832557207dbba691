using System.Text;

namespace CharRnn.ModelFormat;

/// <summary>Loads and saves model files on disk (the generator, which must not touch the disk, never uses this).</summary>
public static class ModelFiles
{
    /// <summary>The largest model file accepted, in bytes: the parameter limit in base64 lines, plus room for the header.</summary>
    public const long MaxFileBytes = MaxBase64Characters * (ModelFileWriter.Base64LineLength + 1) / ModelFileWriter.Base64LineLength
        + (1 << 20);

    // The base64 text of the largest data section; each line of it also ends with a newline.
    private const long MaxBase64Characters = (ModelSchema.MaxParameters * sizeof(float) + 2) / 3 * 4;

    /// <summary>Reads and validates a model file.</summary>
    /// <exception cref="ModelFormatException">The file is missing, unreadable or invalid; the message says which and why.</exception>
    public static ModelFile Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ModelFormatException("no model file was given; pass the path of a .charrnn file", 0);
        }

        if (Directory.Exists(path))
        {
            throw new ModelFormatException($"'{path}' is a directory; pass the path of a .charrnn file inside it", 0);
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ModelFormatException($"model file '{path}' does not exist; train one with 'charrnn train --out {path}'", 0);
        }

        if (info.Length > MaxFileBytes)
        {
            throw new ModelFormatException($"model file '{path}' is {info.Length} bytes, above the limit of {MaxFileBytes}", 0);
        }

        string text;
        try
        {
            // Decoded by hand: File.ReadAllText would honour a UTF-16 byte order mark and read garbage as text.
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException)
        {
            throw new ModelFormatException($"'{path}' is not a CharRnn model file: it is not UTF-8 text", 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"cannot read model file '{path}': {e.Message}", 0);
        }

        try
        {
            return ModelFileReader.Read(text);
        }
        catch (ModelFormatException e)
        {
            throw new ModelFormatException($"{path}: {e.Message}", 0);
        }
    }

    /// <summary>
    /// Writes <paramref name="model"/> to a temporary file beside <paramref name="path"/>, flushes it to disk, then
    /// renames it over <paramref name="path"/>: a crash leaves either the old file or the new one, never half of one.
    /// </summary>
    public static void Save(string path, ModelFile model)
    {
        string fullPath = Path.GetFullPath(path);
        string temporary = PrepareTemporaryPath(fullPath);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(ModelFileWriter.Write(model));
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Checks, before any work is done, that <see cref="Save"/> can write <paramref name="path"/>: creates its
    /// directory, then creates and deletes the temporary file a save writes through.
    /// </summary>
    /// <exception cref="IOException">The directory or the file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing there is not permitted.</exception>
    public static void CheckWritable(string path)
    {
        string temporary = PrepareTemporaryPath(Path.GetFullPath(path));
        using var probe = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1,
            FileOptions.DeleteOnClose);
    }

    // The temporary file sits beside the target (same file system, so the rename is atomic) and carries the process
    // id, so two runs writing the same model never share one.
    private static string PrepareTemporaryPath(string fullPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        return fullPath + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
