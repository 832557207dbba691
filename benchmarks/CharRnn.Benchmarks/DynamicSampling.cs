using CharRnn.Inference;

namespace CharRnn.Benchmarks;

/// <summary>The loop the DynamicSession benchmarks time.</summary>
internal static class DynamicSampling
{
    /// <summary>Samples <paramref name="count"/> characters with seed 1; returns their sum so none is optimized away.</summary>
    public static int Take(DynamicModel model, int count)
    {
        DynamicSession session = model.CreateSession(new SamplingOptions { Seed = 1 });
        int sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += session.Next().Value;
        }

        return sum;
    }
}
