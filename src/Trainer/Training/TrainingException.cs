namespace CharRnn.Training;

/// <summary>A training run that cannot go on (for example, the loss diverged); the message says what to change.</summary>
internal sealed class TrainingException(string message) : Exception(message);
