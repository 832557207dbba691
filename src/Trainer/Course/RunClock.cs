using System.Diagnostics;
using System.Globalization;

namespace CharRnn.Training.Course;

/// <summary>
/// How long a course run took: the wall clock, and the processor time the process used meanwhile, which says more
/// about the work than the wall clock does on a machine shared with other jobs.
/// </summary>
internal readonly record struct RunTime(TimeSpan Wall, TimeSpan Processor)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Wall.TotalSeconds:F1} s wall clock, {Processor.TotalSeconds:F1} s processor time");
}

/// <summary>Measures a <see cref="RunTime"/> from its start.</summary>
internal sealed class RunClock
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _processorAtStart = Process.GetCurrentProcess().TotalProcessorTime;

    public RunTime Elapsed => new(_wall.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - _processorAtStart);
}
