namespace CharRnn.Training.Commands;

/// <summary>Input a command cannot use (beyond what option parsing catches); the message says what to change.</summary>
internal sealed class CommandException(string message) : Exception(message);
