using CharRnn.CompilerServices;
using System.Globalization;
using CharRnn.Inference;
using CharRnn.ModelFormat;

namespace CharRnn.Benchmarks;

/// <summary>
/// Checks that the ONNX Runtime peer computes what CharRnn computes before its speed is compared: CharRnn's session
/// samples a short text, the peer is stepped through the same characters, and after each one its h must match the
/// session's h, and its logits <c>Why·h + by</c> of the session's h, within <see cref="Tolerance"/> (float sums in
/// another order differ in the last bits, so texts sampled freely by both could part at a near tie).
/// </summary>
internal static class OnnxRnnAgreement
{
    public const float Tolerance = 1e-4f;

    /// <exception cref="InvalidOperationException">The peer's h or logits differ from CharRnn's by more than the tolerance.</exception>
    public static void Verify(ModelFile model, DynamicModel ours, OnnxRnnSampler peer, int characters)
    {
        DynamicSession session = ours.CreateSession(new SamplingOptions { Seed = 1 });
        ReadOnlySpan<float> why = model.TensorData("Why");
        ReadOnlySpan<float> by = model.TensorData("by");
        var logits = new float[by.Length];
        peer.Reset();
        for (int step = 0; step < characters; step++)
        {
            int id = Vocabulary.IdOf(model.Vocabulary.AsSpan(), session.Next().Value);
            peer.Step(id);
            ReadOnlySpan<float> hidden = session.Hidden;
            Expect(step, "h", hidden, peer.Hidden);
            Logits(why, by, hidden, logits);
            Expect(step, "logits", logits, peer.Logits);
        }

        peer.Reset();
    }

    // Why·h + by, summed in double: CharRnn's logits within far less than the tolerance.
    private static void Logits(ReadOnlySpan<float> why, ReadOnlySpan<float> by, ReadOnlySpan<float> hidden, Span<float> logits)
    {
        for (int row = 0; row < logits.Length; row++)
        {
            double sum = by[row];
            for (int j = 0; j < hidden.Length; j++)
            {
                sum += (double)why[(row * hidden.Length) + j] * hidden[j];
            }

            logits[row] = (float)sum;
        }
    }

    private static void Expect(int step, string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(actual[i] - expected[i]) <= Tolerance))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX Runtime peer disagrees with CharRnn at character {step}: {what}[{i}] is {actual[i]}, CharRnn's is {expected[i]} (tolerance {Tolerance})"));
            }
        }
    }
}
