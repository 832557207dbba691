using static TorchSharp.torch;

namespace CharRnn.TorchFixtures;

/// <summary>
/// What libtorch computes for a fixture: the logits after each of the fixed inputs, fed one per step from zero
/// states, and the greedy continuation from the state they leave.
/// </summary>
internal sealed record Expectation(long[] Inputs, float[][] Logits, long[] Greedy, float SmallestGreedyMargin)
{
    public static Expectation Compute(CharModel model, long[] inputs, int greedyLength)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor[]? state = null;
        var logits = new float[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++)
        {
            (logits[i], state) = Step(model, inputs[i], state);
        }

        var greedy = new long[greedyLength];
        float[] latest = logits[^1];
        float margin = float.PositiveInfinity;
        for (int i = 0; i < greedyLength; i++)
        {
            (greedy[i], float m) = ArgMax(latest);
            margin = Math.Min(margin, m);
            (latest, state) = Step(model, greedy[i], state);
        }

        return new Expectation(inputs, logits, greedy, margin);
    }

    private static (float[] Logits, Tensor[] State) Step(CharModel model, long id, Tensor[]? state)
    {
        (Tensor logits, Tensor[] next) = model.Forward(tensor(new[] { id }).reshape(1, 1), state);
        return (logits.reshape(-1).data<float>().ToArray(), next);
    }

    /// <summary>The id of the largest logit, the lowest on ties, and its lead over the runner-up.</summary>
    private static (long Id, float Margin) ArgMax(float[] logits)
    {
        int best = 0;
        for (int v = 1; v < logits.Length; v++)
        {
            if (logits[v] > logits[best])
            {
                best = v;
            }
        }

        float second = float.NegativeInfinity;
        for (int v = 0; v < logits.Length; v++)
        {
            if (v != best)
            {
                second = Math.Max(second, logits[v]);
            }
        }

        return (best, logits[best] - second);
    }
}
