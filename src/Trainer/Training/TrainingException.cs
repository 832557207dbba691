namespace CharRnn.Training;

/// <summary>A training run that cannot go on (for example, the loss diverged); the message says what to change.</summary>
internal sealed class TrainingException(string message) : Exception(message)
{
    /// <summary>
    /// The error for a write the file system refused (<see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/>), naming the option whose path it was, so the user knows which to change;
    /// <paramref name="after"/> may add what is left on disk.
    /// </summary>
    public static TrainingException CannotWrite(string option, string path, string what, Exception reason, string after = "") =>
        new($"{option} '{path}': cannot write {what}: {reason.Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')}{after}");
}
