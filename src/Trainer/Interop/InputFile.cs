namespace CharRnn.Training.Interop;

/// <summary>An input file of the importer, read whole and parsed, every problem said of the option and path it came from.</summary>
internal static class InputFile
{
    /// <exception cref="ImportException">The file is missing, a directory, above <paramref name="maxBytes"/>, or <paramref name="parse"/> refuses it.</exception>
    public static T Read<T>(string path, string option, long maxBytes, Func<byte[], T> parse)
    {
        if (Directory.Exists(path))
        {
            throw new ImportException($"{option} '{path}' is a directory; pass a file inside it");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ImportException($"{option} '{path}' does not exist");
        }

        if (info.Length > maxBytes)
        {
            throw new ImportException($"{option} '{path}' is {info.Length} bytes, above the limit of {maxBytes}");
        }

        try
        {
            return parse(File.ReadAllBytes(path));
        }
        catch (ImportException e)
        {
            throw new ImportException($"{option} '{path}': {e.Message}");
        }
    }
}
