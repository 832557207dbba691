using CharRnn.Training;

namespace CharRnn.Trainer.Tests;

public class StreamResetsTests
{
    [Theory]
    [InlineData(20, 32, 627)] // Tiny Shakespeare's epoch at the defaults
    [InlineData(7, 5, 100)]   // fewer streams than chunks between resets
    [InlineData(3, 10, 50)]   // more streams than chunks between resets
    public void Every_stream_starts_cold_once_every_N_chunks_and_the_streams_take_turns(int every, int streams, int chunks)
    {
        int mostAtOnce = 0;
        for (int stream = 0; stream < streams; stream++)
        {
            int[] due = [.. Enumerable.Range(0, chunks).Where(chunk => StreamResets.IsDue(stream, chunk, every, streams))];
            Assert.NotEmpty(due);
            Assert.InRange(due[0], 1, every); // chunk 0 is the epoch's start, where every stream is zeroed anyway
            Assert.All(due.Zip(due.Skip(1)), pair => Assert.Equal(every, pair.Second - pair.First));
        }

        for (int chunk = 0; chunk < chunks; chunk++)
        {
            mostAtOnce = Math.Max(mostAtOnce, Enumerable.Range(0, streams).Count(stream => StreamResets.IsDue(stream, chunk, every, streams)));
        }

        Assert.Equal((streams + every - 1) / every, mostAtOnce);
    }

    [Fact]
    public void No_stream_is_reset_mid_epoch_when_resets_are_off()
    {
        for (int chunk = 0; chunk < 100; chunk++)
        {
            Assert.DoesNotContain(Enumerable.Range(0, 32), stream => StreamResets.IsDue(stream, chunk, 0, 32));
        }
    }
}
