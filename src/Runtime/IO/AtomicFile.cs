using System.Globalization;

namespace CharRnn.IO;

/// <summary>
/// Replaces files whole: a crash or a kill leaves the old file or the new one, never half of one. Model files,
/// checkpoints, metrics and plots all go through here.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/>, flushes it to disk, then
    /// renames it over the path.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing there is not permitted.</exception>
    public static void Write(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Like <see cref="Write(string, byte[])"/>, with the content written by <paramref name="write"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string temporary = PrepareTemporaryPath(fullPath);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
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
    /// Checks, before any work is done, that <see cref="Write(string, Action{Stream})"/> can write
    /// <paramref name="path"/>: creates its directory, then creates and deletes the temporary file a write goes through.
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
    // id, so two runs writing the same file never share one.
    private static string PrepareTemporaryPath(string fullPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        return fullPath + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    }
}
