using System.ComponentModel;
using System.Text;

namespace CharRnn.CompilerServices;

/// <summary>
/// One generation into a destination under a <see cref="StopCondition"/> (for generated code and the dynamic path):
/// the session draws while <see cref="WantsMore"/> and appends each character; the run applies the stop rule of
/// docs/determinism.md ("Stopping") after each one.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct GenerationRun
{
    private readonly Span<char> _destination;
    private readonly StopCondition _stop;
    private int _written;
    private int _drawn;
    private StopReason? _reason;

    /// <summary>Starts a run; nothing is drawn yet.</summary>
    /// <exception cref="ArgumentException">The stop condition is invalid, or its text cannot fit the destination.</exception>
    public GenerationRun(Span<char> destination, in StopCondition stop)
    {
        stop.Validate();
        if (stop.Text is string text && text.Length > destination.Length)
        {
            throw new ArgumentException(
                $"The stop text is {text.Length} UTF-16 chars long, more than the destination holds ({destination.Length}), so it could never be generated; pass a larger destination.");
        }

        _destination = destination;
        _stop = stop;
    }

    /// <summary>Whether the session should draw another character.</summary>
    public readonly bool WantsMore =>
        _reason is null && (_stop.MaxLength == 0 || _drawn < _stop.MaxLength) && _written < _destination.Length;

    /// <summary>What was written and why the run ended (once <see cref="WantsMore"/> is false).</summary>
    public readonly GenerationResult Result => new(_written, _reason ?? StopReason.Length);

    /// <summary>Writes the character just drawn and checks the stop rule.</summary>
    public void Append(Rune next)
    {
        _drawn++;
        if (!next.TryEncodeToUtf16(_destination[_written..], out int length))
        {
            _reason = StopReason.Length; // the destination cannot take it: the character is lost, as documented
            return;
        }

        _written += length;
        if (_stop.IsStopCharacter(next))
        {
            End(StopReason.StopCharacter, length);
        }
        else if (_stop.Text is string text && _destination[.._written].EndsWith(text))
        {
            End(StopReason.StopText, text.Length);
        }
    }

    private void End(StopReason reason, int stopLength)
    {
        _reason = reason;
        if (!_stop.IncludeStop)
        {
            _written -= stopLength;
        }
    }
}
