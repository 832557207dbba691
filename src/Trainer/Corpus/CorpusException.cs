namespace CharRnn.Training.Corpus;

/// <summary>A corpus the trainer cannot use; the message names the file, the problem and where it is.</summary>
internal sealed class CorpusException(string message) : Exception(message);
