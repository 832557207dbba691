namespace CharRnn.Training.Interop;

/// <summary>A file the importer cannot use; the message names the file, the tensor or entry, and the fix.</summary>
internal sealed class ImportException(string message) : Exception(message);
