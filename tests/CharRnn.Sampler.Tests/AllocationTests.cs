namespace CharRnn.Sampler.Tests;

/// <summary>After the first call, generating allocates nothing (docs/architecture.md's allocation promise).</summary>
public class AllocationTests
{
    [Fact]
    public void Generate_allocates_nothing_after_warm_up()
    {
        var options = new SamplingOptions { Seed = 3, TopK = 10 };
        var destination = new char[2000];
        Shakespeare.Generate("ROMEO:", destination, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Shakespeare.Generate("ROMEO:", destination, options with { Seed = (ulong)i });
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_streaming_session_allocates_nothing_after_warm_up()
    {
        var session = new Shakespeare.Session(new SamplingOptions { Seed = 4, Temperature = 0.6f });
        session.Feed("JULIET:");
        session.Next();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            session.Next();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
