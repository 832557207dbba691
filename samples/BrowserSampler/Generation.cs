using System.Diagnostics;
using System.Text;

namespace BrowserSampler;

/// <summary>
/// One sample from the baked model, drawn a slice at a time so that the page can show the text between slices
/// (WebAssembly runs the page on the browser's one thread). Only the drawing is timed, not the rendering.
/// </summary>
internal sealed class Generation
{
    private readonly StringBuilder _text = new();
    private readonly Stopwatch _drawing = new();
    private Shakespeare.Session _session;
    private int _remaining;

    /// <summary>Starts a session and feeds it the prompt.</summary>
    /// <exception cref="ArgumentException">The prompt has a character outside the model's vocabulary.</exception>
    public Generation(SampleRequest request)
    {
        _session = new Shakespeare.Session(request.Options);
        _session.Feed(request.Prompt);
        _remaining = request.Length;
    }

    public bool Finished => _remaining == 0;

    /// <summary>The characters drawn so far.</summary>
    public string Text => _text.ToString();

    /// <summary>How many characters (Unicode scalar values, one model step each) were drawn.</summary>
    public int Drawn { get; private set; }

    /// <summary>The time spent drawing them.</summary>
    public TimeSpan Elapsed => _drawing.Elapsed;

    /// <summary>Draws characters until <paramref name="slice"/> has passed or the sample is complete; at least one.</summary>
    public void DrawFor(TimeSpan slice)
    {
        TimeSpan end = _drawing.Elapsed + slice;
        Span<char> utf16 = stackalloc char[2];
        _drawing.Start();
        while (_remaining > 0)
        {
            _text.Append(utf16[.._session.Next().EncodeToUtf16(utf16)]);
            _remaining--;
            Drawn++;
            if (_drawing.Elapsed >= end)
            {
                break;
            }
        }

        _drawing.Stop();
    }
}
