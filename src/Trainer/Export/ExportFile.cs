using System.Globalization;

namespace CharRnn.Training.Export;

/// <summary>Writes an exported file whole, whatever its format.</summary>
internal static class ExportFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> through a temporary file beside <paramref name="path"/>, flushed to disk and then
    /// renamed over it: a failure leaves the old file or the new one, never part of one.
    /// </summary>
    /// <param name="exampleName">A file name the error for a directory suggests, e.g. <c>model.onnx</c>.</param>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void Save(string path, byte[] bytes, string exampleName)
    {
        string target = Path.GetFullPath(path);
        if (Directory.Exists(target))
        {
            throw new IOException($"--out '{path}' is a directory; give a file name such as {Path.Combine(path, exampleName)}");
        }

        string temporary = target + ".partial-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write '{path}': {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
