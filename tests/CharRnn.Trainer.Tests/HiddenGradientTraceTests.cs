using CharRnn.ModelFormat;
using CharRnn.Training.Cells;
using CharRnn.Training.Course;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// The backward pass's probe of ∂L/∂h_t (<see cref="BackwardBuffers{T}.HiddenGradientTrace"/>), read through the
/// course's last-step network: at every step it must equal the finite difference of the loss of the steps after t
/// with respect to h_t, c_t held fixed (the LSTM's cell state has a path of its own).
/// </summary>
public class HiddenGradientTraceTests
{
    private const int Vocabulary = 5, Hidden = 3, Steps = 6, Streams = 2;
    private const double Epsilon = 1e-3; // five-point stencil, as in GradientCheckTests

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void The_traced_gradient_of_each_step_matches_finite_differences(CellType cell)
    {
        var network = new RnnNetwork<double>(cell, Vocabulary, Hidden, layers: 1);
        var random = new Random(5);
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            network.Parameters[i] = random.NextDouble() - 0.5;
        }

        network.RefreshTransposed();
        int[] inputs = [.. Enumerable.Range(0, Steps * Streams).Select(_ => random.Next(Vocabulary))];
        int[] targets = [random.Next(Vocabulary), random.Next(Vocabulary)];
        var whole = new LastStepNetwork<double>(network, Streams, Steps);
        whole.TraceHiddenGradients();
        var hiddenGradient = new double[Streams * Hidden];
        Backpropagate(whole, inputs, targets, hiddenGradient);
        double[] traced = whole.HiddenGradients.ToArray();
        Assert.Equal(hiddenGradient, traced.AsSpan((Steps - 1) * Streams * Hidden).ToArray()); // the last step: the head's gradient

        int slot = Streams * Hidden;
        for (int t = 0; t < Steps - 1; t++)
        {
            // The state after step t, from the trainer's own forward pass, then the rest of the sequence from it.
            var prefix = new RnnWorkspace<double>(network, Streams, t + 1);
            var state = new double[prefix.StateLength];
            prefix.Forward(inputs.AsSpan(0, (t + 1) * Streams), new int[(t + 1) * Streams], t + 1, state);
            var rest = new LastStepNetwork<double>(network, Streams, Steps - 1 - t);
            int[] restInputs = inputs[((t + 1) * Streams)..];
            for (int i = 0; i < slot; i++)
            {
                double saved = state[i];
                double LossAt(double offset)
                {
                    state[i] = saved + offset;
                    return Loss(rest, restInputs, targets, state);
                }

                double numeric = (LossAt(-2 * Epsilon) - 8 * LossAt(-Epsilon) + 8 * LossAt(Epsilon) - LossAt(2 * Epsilon)) / (12 * Epsilon);
                state[i] = saved;
                double analytic = traced[t * slot + i];
                Assert.True(Math.Abs(analytic - numeric) <= 1e-7 * (1 + Math.Abs(numeric)),
                    $"step {t}, element {i}: traced {analytic:E6}, finite difference {numeric:E6}");
            }
        }

        Assert.Contains(traced[..slot], value => Math.Abs(value) > 1e-4); // the first step's gradient is not trivially zero
    }

    [Fact]
    public void Without_a_trace_nothing_is_recorded()
    {
        var network = new RnnNetwork<double>(CellType.Gru, Vocabulary, Hidden, layers: 1);
        network.Initialize(3);
        var reader = new LastStepNetwork<double>(network, Streams, Steps);
        Backpropagate(reader, new int[Steps * Streams], new int[Streams], new double[Streams * Hidden]);
        Assert.True(reader.HiddenGradients.IsEmpty);
    }

    // The summed softmax loss of each stream's last state against its target.
    private static double Loss(LastStepNetwork<double> reader, int[] inputs, int[] targets, double[] initialState)
    {
        ReadOnlySpan<double> last = reader.Forward(inputs, initialState);
        return SoftmaxOutput.Forward(reader.Network, last, targets, new double[Streams * Vocabulary], Streams);
    }

    private static void Backpropagate(LastStepNetwork<double> reader, int[] inputs, int[] targets, double[] hiddenGradient)
    {
        ReadOnlySpan<double> last = reader.Forward(inputs);
        var probabilities = new double[Streams * Vocabulary];
        var gradients = new double[reader.Network.Parameters.Length];
        SoftmaxOutput.Forward(reader.Network, last, targets, probabilities, Streams);
        SoftmaxOutput.Backward(reader.Network, last, targets, probabilities, Streams, 1.0, hiddenGradient, gradients);
        reader.Backward(inputs, hiddenGradient, gradients);
    }
}
