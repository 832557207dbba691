namespace CharRnn.Training.Corpus;

/// <summary>
/// The char-rnn batch layout: the text cut into <see cref="Streams"/> contiguous streams of
/// <see cref="StreamLength"/> positions each. Position p of stream s reads the character at <c>s·L + p</c> and
/// predicts the one after it, so consecutive chunks of a stream continue each other and the hidden state carries over.
/// </summary>
internal sealed class StreamLayout
{
    private readonly int[] _ids;

    public StreamLayout(int[] ids, int streams)
    {
        if (streams < 1 || ids.Length - 1 < streams)
        {
            throw new ArgumentOutOfRangeException(nameof(streams), "Every stream needs at least one input and its target.");
        }

        _ids = ids;
        Streams = streams;
        StreamLength = (ids.Length - 1) / streams;
    }

    public int Streams { get; }

    /// <summary>Positions per stream; the few characters left over at the end of the text are not used.</summary>
    public int StreamLength { get; }

    /// <summary>
    /// Fills inputs and targets for <paramref name="steps"/> positions from <paramref name="position"/>, for streams
    /// <paramref name="firstStream"/> onwards, step-major: index <c>t·count + s</c>. A negative position reads the
    /// text before a stream's start (the end of the stream before it), to warm its state; stream 0 has none and reads
    /// its first character there instead, so its warmed state must be discarded.
    /// </summary>
    public void Fill(int position, int steps, int firstStream, int count, Span<int> inputs, Span<int> targets)
    {
        for (int t = 0; t < steps; t++)
        {
            for (int s = 0; s < count; s++)
            {
                int index = Math.Max((firstStream + s) * StreamLength + position + t, 0);
                inputs[t * count + s] = _ids[index];
                targets[t * count + s] = _ids[index + 1];
            }
        }
    }
}
