using CharRnn.Training.Cells;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// The analytic BPTT gradient of every parameter tensor against central finite differences, in double, on a small
/// random network whose chunk starts from a state carried in from a previous chunk (as truncated BPTT runs it).
/// </summary>
public class GradientCheckTests
{
    private const int Vocabulary = 5, Hidden = 4, Steps = 6, Streams = 2;
    private const double Epsilon = 1e-5;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Analytic_gradient_of_every_tensor_matches_finite_differences(int layers)
    {
        var network = new RnnNetwork<double>(Vocabulary, Hidden, layers);
        var random = new Random(7);
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            network.Parameters[i] = random.NextDouble() - 0.5; // biases too, so no tensor is trivially zero
        }

        network.RefreshTransposed();
        var workspace = new RnnWorkspace<double>(network, Streams, Steps);
        int[] firstInputs = RandomIds(random), firstTargets = RandomIds(random);
        int[] inputs = RandomIds(random), targets = RandomIds(random);
        var carried = new double[workspace.StateLength];
        workspace.Forward(firstInputs, firstTargets, Steps, carried);
        Assert.Contains(carried, value => value != 0);

        double Loss()
        {
            network.RefreshTransposed();
            var state = (double[])carried.Clone();
            return workspace.Forward(inputs, targets, Steps, state) / (Steps * Streams);
        }

        Loss();
        var analytic = new double[network.Parameters.Length];
        workspace.Backward(inputs, targets, Steps, 1.0 / (Steps * Streams), analytic);

        var numeric = new double[network.Parameters.Length];
        for (int i = 0; i < numeric.Length; i++)
        {
            double saved = network.Parameters[i];
            network.Parameters[i] = saved + Epsilon;
            double plus = Loss();
            network.Parameters[i] = saved - Epsilon;
            double minus = Loss();
            network.Parameters[i] = saved;
            numeric[i] = (plus - minus) / (2 * Epsilon);
        }

        foreach (var tensor in network.Tensors)
        {
            ReadOnlySpan<double> a = analytic.AsSpan(tensor.Offset, tensor.Length);
            ReadOnlySpan<double> n = numeric.AsSpan(tensor.Offset, tensor.Length);
            // Element by element, relative to the element's own size, so a small gradient next to a large one in the
            // same tensor is checked as strictly; elements where both are ~0 have no relative error to speak of.
            double worst = 0;
            int checkedElements = 0;
            for (int i = 0; i < a.Length; i++)
            {
                double size = Math.Abs(a[i]) + Math.Abs(n[i]);
                if (size >= 1e-10)
                {
                    worst = Math.Max(worst, Math.Abs(a[i] - n[i]) / size);
                    checkedElements++;
                }
            }

            Assert.True(checkedElements > 0, $"{tensor.Name}: the gradient is ~0 everywhere, so the check proves nothing");
            Assert.True(worst < 1e-6, $"{tensor.Name}: largest element-wise relative error {worst:E2}");
        }
    }

    private static int[] RandomIds(Random random)
    {
        var ids = new int[Steps * Streams];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = random.Next(Vocabulary);
        }

        return ids;
    }
}
