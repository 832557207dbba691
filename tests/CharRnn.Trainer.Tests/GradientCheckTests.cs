using CharRnn.ModelFormat;
using CharRnn.Training.Cells;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// The analytic BPTT gradient of every parameter tensor against central finite differences, in double, on a small
/// random network whose chunk starts from a state carried in from a previous chunk (as truncated BPTT runs it), for
/// every cell, one and two layers, with and without dropout (the masks fixed by their seed).
/// </summary>
public class GradientCheckTests
{
    private const int Vocabulary = 5, Hidden = 4, Steps = 6, Streams = 2;
    // The five-point stencil's error is O(ε⁴), so a step this large keeps rounding noise (≈1e-16/ε) far below the
    // smallest gradients checked; the two-point difference's O(ε²) would need ε ≈ 1e-5 and its noise swamps
    // gradients near 1e-7, which the gated cells have.
    private const double Epsilon = 1e-3;

    public static TheoryData<CellType, int, float> Cases()
    {
        var cases = new TheoryData<CellType, int, float>();
        foreach (CellType cell in Enum.GetValues<CellType>())
        {
            cases.Add(cell, 1, 0f);
            cases.Add(cell, 2, 0f);
            cases.Add(cell, 1, 0.3f);
            cases.Add(cell, 2, 0.3f);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analytic_gradient_of_every_tensor_matches_finite_differences(CellType cell, int layers, float dropout)
    {
        const ulong MaskSeed = 11;
        var network = new RnnNetwork<double>(cell, Vocabulary, Hidden, layers);
        var random = new Random(7);
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            network.Parameters[i] = random.NextDouble() - 0.5; // biases too, so no tensor is trivially zero
        }

        network.RefreshTransposed();
        var workspace = new RnnWorkspace<double>(network, Streams, Steps, dropout);
        int[] firstInputs = RandomIds(random), firstTargets = RandomIds(random);
        int[] inputs = RandomIds(random), targets = RandomIds(random);
        var carried = new double[workspace.StateLength];
        workspace.Forward(firstInputs, firstTargets, Steps, carried);
        Assert.Contains(carried, value => value != 0);

        double Loss()
        {
            network.RefreshTransposed();
            var state = (double[])carried.Clone();
            return workspace.Forward(inputs, targets, Steps, state, MaskSeed) / (Steps * Streams);
        }

        Loss();
        var analytic = new double[network.Parameters.Length];
        workspace.Backward(inputs, targets, Steps, 1.0 / (Steps * Streams), analytic);

        var numeric = new double[network.Parameters.Length];
        for (int i = 0; i < numeric.Length; i++)
        {
            double saved = network.Parameters[i];
            double LossAt(double offset)
            {
                network.Parameters[i] = saved + offset;
                return Loss();
            }

            numeric[i] = (LossAt(-2 * Epsilon) - 8 * LossAt(-Epsilon) + 8 * LossAt(Epsilon) - LossAt(2 * Epsilon)) / (12 * Epsilon);
            network.Parameters[i] = saved;
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
