using System.ComponentModel;

namespace CharRnn.CompilerServices;

/// <summary>Checks the arguments of <c>GenerateMany</c> (generated code and the dynamic path) and sizes its buffer.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ManySamples
{
    /// <summary>A buffer that holds any sample <paramref name="stop"/> allows: two UTF-16 chars per character drawn.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is not positive, or the stop has no <c>MaxLength</c>.</exception>
    public static char[] Buffer(int count, in StopCondition stop)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        stop.Validate();
        if (stop.MaxLength == 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(stop), "GenerateMany needs StopCondition.MaxLength above 0 to size each sample; set the longest sample you want.");
        }

        return new char[(int)Math.Min(2L * stop.MaxLength, Array.MaxLength)];
    }
}
