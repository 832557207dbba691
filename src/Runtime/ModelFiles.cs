using System.Text;
using CharRnn.IO;
using CharRnn.ModelFormat;

namespace CharRnn;

/// <summary>Loads and saves model files on disk (the generator, which must not touch the disk, never compiles this file).</summary>
public static class ModelFiles
{
    /// <summary>The largest model file accepted, in bytes: the parameter limit in base64 lines, plus room for the header.</summary>
    public const long MaxFileBytes = MaxBase64Characters * (ModelFileWriter.Base64LineLength + 1) / ModelFileWriter.Base64LineLength
        + (1 << 20);

    // The base64 text of the largest data section; each line of it also ends with a newline.
    private const long MaxBase64Characters = (ModelSchema.MaxParameters * sizeof(float) + 2) / 3 * 4;

    /// <summary>Reads and validates a model file.</summary>
    /// <example>
    /// <code>
    /// try
    /// {
    ///     ModelFile model = ModelFiles.Load("shakespeare.charrnn");
    /// }
    /// catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
    /// {
    ///     Console.Error.WriteLine(e.Message); // one line: the file, the problem and the fix
    /// }
    /// </code>
    /// </example>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> is empty, or the file does not exist.</exception>
    /// <exception cref="IOException">The path is a directory, or the file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Reading the file is not permitted.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid model file; <see cref="ModelFormatException.Kind"/> says why.</exception>
    public static ModelFile Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new FileNotFoundException("no model file was given; pass the path of a .charrnn file");
        }

        if (Directory.Exists(path))
        {
            throw new IOException($"'{path}' is a directory; pass the path of a .charrnn file inside it");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"model file '{path}' does not exist; train one with 'charrnn train --out {path}'", path);
        }

        if (info.Length > MaxFileBytes)
        {
            throw new ModelFormatException($"the file is {info.Length} bytes, above the limit of {MaxFileBytes}", 0, ModelProblem.TooLarge)
                .InFile(path);
        }

        try
        {
            return ModelFileReader.Read(ReadText(path));
        }
        catch (ModelFormatException e)
        {
            throw e.InFile(path);
        }
    }

    /// <summary>
    /// Writes <paramref name="model"/> to a temporary file beside <paramref name="path"/>, flushes it to disk, then
    /// renames it over <paramref name="path"/>: a crash leaves either the old file or the new one, never half of one.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing there is not permitted.</exception>
    public static void Save(string path, ModelFile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(ModelFileWriter.Write(model)));
    }

    /// <summary>
    /// Checks, before any work is done, that <see cref="Save"/> can write <paramref name="path"/>: creates its
    /// directory, then creates and deletes the temporary file a save writes through.
    /// </summary>
    /// <exception cref="IOException">The directory or the file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing there is not permitted.</exception>
    public static void CheckWritable(string path) => AtomicFile.CheckWritable(path);

    // Decoded by hand: File.ReadAllText would honour a UTF-16 byte order mark and read garbage as text.
    private static string ReadText(string path)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException)
        {
            throw new ModelFormatException("not a CharRnn model file: it is not UTF-8 text", 0);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot read model file '{path}': {e.Message}", e);
        }
    }
}
