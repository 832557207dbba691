namespace CharRnn.Sampler.Tests;

/// <summary>After the first call, generating allocates nothing (docs/architecture.md's allocation promise).</summary>
public class AllocationTests
{
    [Fact]
    public void Generate_allocates_nothing_after_warm_up() => AssertGenerateAllocatesNothing(Shakespeare.Generate);

    [Theory]
    [MemberData(nameof(Int8Models.Names), MemberType = typeof(Int8Models))]
    public void Generate_of_an_int8_model_allocates_nothing_after_warm_up(string model) =>
        AssertGenerateAllocatesNothing(Int8Models.All[model].Generate);

    [Fact]
    public void The_streaming_session_allocates_nothing_after_warm_up()
    {
        var session = new Shakespeare.Session(new SamplingOptions { Seed = 4, Temperature = 0.6f });
        session.Feed("JULIET:");
        session.Next();
        AssertNothingAllocated(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                session.Next();
            }
        });
    }

    [Fact]
    public void The_streaming_session_of_an_int8_model_allocates_nothing_after_warm_up()
    {
        var session = new ShakespeareInt8.Session(new SamplingOptions { Seed = 4, Temperature = 0.6f });
        session.Feed("JULIET:");
        session.Next();
        AssertNothingAllocated(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                session.Next();
            }
        });
    }

    private static void AssertGenerateAllocatesNothing(BakedModel.GenerateText generate)
    {
        var options = new SamplingOptions { Seed = 3, TopK = 10 };
        var destination = new char[2000];
        generate("ROMEO:", destination, options);
        AssertNothingAllocated(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                generate("ROMEO:", destination, options with { Seed = (ulong)i });
            }
        });
    }

    // The action is created before the count starts, so only what it does is counted; its first run takes every
    // one-time cost on this thread (compiling its loop, type and static initialisation), and the second is measured.
    private static void AssertNothingAllocated(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
