using CharRnn.Inference;
using CharRnn.Training.Corpus;

namespace CharRnn.Training;

/// <summary>
/// The mean loss of a model run as sampling runs it: Runtime's <see cref="DynamicModel"/>, one character at a time.
/// It is how <c>charrnn eval</c> scores an int8 model, which the trainer's float network cannot hold. Streams and
/// warm-up follow <see cref="BatchRunner{T}.Evaluate"/>, so the two figures compare.
/// </summary>
internal static class InferenceEvaluation
{
    /// <summary>
    /// The mean of −ln softmax(logits)[next character] in nats over every position of <paramref name="layout"/>,
    /// summed in double. Each stream starts from the zero state; each but the first first reads the
    /// <paramref name="warmup"/> characters before it (at most a stream's length) unscored.
    /// </summary>
    public static double Loss(ModelFile model, StreamLayout layout, int warmup)
    {
        var inference = new DynamicModel(model);
        var logits = new float[model.VocabularySize];
        int length = layout.StreamLength;
        int warm = Math.Min(warmup, length);
        var inputs = new int[warm + length];
        var targets = new int[warm + length];
        double total = 0;
        for (int stream = 0; stream < layout.Streams; stream++)
        {
            // The layout's own reading of the text before a stream; stream 0 has none and starts cold, as there.
            layout.Fill(-warm, warm + length, stream, 1, inputs, targets);
            DynamicState state = inference.CreateState();
            for (int t = stream == 0 ? warm : 0; t < inputs.Length; t++)
            {
                inference.Step(inputs[t], state);
                if (t >= warm)
                {
                    inference.Output(state, logits);
                    total += CrossEntropy(logits, targets[t]);
                }
            }
        }

        return total / ((double)layout.Streams * length);
    }

    // −ln softmax(logits)[target], through the largest logit so no exponential overflows.
    private static double CrossEntropy(ReadOnlySpan<float> logits, int target)
    {
        double largest = double.NegativeInfinity;
        foreach (float logit in logits)
        {
            largest = Math.Max(largest, logit);
        }

        double sum = 0;
        foreach (float logit in logits)
        {
            sum += Math.Exp(logit - largest);
        }

        return Math.Log(sum) + largest - logits[target];
    }
}
