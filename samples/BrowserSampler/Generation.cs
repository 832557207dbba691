using System.Diagnostics;
using System.Text;
using CharRnn;

namespace BrowserSampler;

/// <summary>
/// One sample from the baked model, drawn a slice at a time so that the page can show the text between slices
/// (WebAssembly runs the page on the browser's one thread). Only the drawing is timed, not the rendering.
/// </summary>
internal sealed class Generation
{
    // Characters per call to the session: small, so that a slice ends close to its time.
    private const int Burst = 8;

    private readonly StringBuilder _text = new();
    private readonly Stopwatch _drawing = new();
    private readonly string? _stop;
    private Shakespeare.Session _session;
    private int _remaining;

    /// <summary>Starts a session and feeds it the prompt.</summary>
    /// <exception cref="ArgumentException">
    /// The prompt has a character outside the model's vocabulary, or the stop characters are unusable.
    /// </exception>
    public Generation(SampleRequest request)
    {
        new StopCondition { Characters = request.Stop }.Validate();
        _stop = request.Stop;
        _session = new Shakespeare.Session(request.Options);
        _session.Feed(request.Prompt);
        _remaining = request.Length;
    }

    public bool Finished => _remaining == 0;

    /// <summary>The characters drawn so far, without the stop character.</summary>
    public string Text => _text.ToString();

    /// <summary>How many characters (Unicode scalar values, one model step each) were drawn, a stop character included.</summary>
    public int Drawn { get; private set; }

    /// <summary>The time spent drawing them.</summary>
    public TimeSpan Elapsed => _drawing.Elapsed;

    /// <summary>Draws until <paramref name="slice"/> has passed or the sample is complete; at least one burst.</summary>
    public void DrawFor(TimeSpan slice)
    {
        TimeSpan end = _drawing.Elapsed + slice;
        Span<char> burst = stackalloc char[2 * Burst]; // a character takes at most two UTF-16 units
        _drawing.Start();
        do
        {
            int most = Math.Min(Burst, _remaining);
            GenerationResult result = _session.Generate(burst, new StopCondition { Characters = _stop, MaxLength = most });
            _text.Append(burst[..result.Written]);
            if (result.Reason == StopReason.StopCharacter)
            {
                Drawn += Scalars(burst[..result.Written]) + 1;
                _remaining = 0;
            }
            else
            {
                Drawn += most;
                _remaining -= most;
            }
        }
        while (_remaining > 0 && _drawing.Elapsed < end);
        _drawing.Stop();
    }

    private static int Scalars(ReadOnlySpan<char> text)
    {
        int count = 0;
        foreach (Rune _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
