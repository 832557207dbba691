using CharRnn.Inference;
using CharRnn.ModelFormat;
using CharRnn.Training.Cells;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// The trainer's cells and Runtime's inference steps implement the same equations: the per-step loss the trainer
/// computes (in double) equals the one from Runtime's logits (in float) on the same weights, so a model trains on
/// the network it is later sampled from.
/// </summary>
public class CellParityTests
{
    private const int Vocabulary = 7, Hidden = 12, Steps = 40;

    public static TheoryData<CellType, int> CellsAndLayers => EveryCell.WithLayers(1, 2, 3);

    [Theory]
    [MemberData(nameof(CellsAndLayers))]
    public void Trainer_and_runtime_give_the_same_loss_at_every_step(CellType cell, int layers)
    {
        var random = new Random(5);
        var network = new RnnNetwork<double>(cell, Vocabulary, Hidden, layers);
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            network.Parameters[i] = (float)(random.NextDouble() - 0.5); // float-representable, so both see equal weights
        }

        network.RefreshTransposed();
        int[] ids = [.. Enumerable.Range(0, Steps + 1).Select(_ => random.Next(Vocabulary))];
        ModelFile model = network.ToModelFile(network.Parameters, [.. Enumerable.Range('a', Vocabulary)], TrainingFacts.None);
        var runtime = new DynamicModel(model);
        DynamicState state = runtime.CreateState();
        var logits = new float[Vocabulary];
        var workspace = new RnnWorkspace<double>(network, streams: 1, maxSteps: 1);
        var carried = new double[workspace.StateLength];

        for (int t = 0; t < Steps; t++)
        {
            double trainerLoss = workspace.Forward(ids.AsSpan(t, 1), ids.AsSpan(t + 1, 1), 1, carried);
            runtime.Step(ids[t], state);
            runtime.Output(state, logits);
            double runtimeLoss = LogSumExp(logits) - logits[ids[t + 1]];

            Assert.True(Math.Abs(trainerLoss - runtimeLoss) < 1e-5,
                $"step {t}: trainer {trainerLoss:R}, runtime {runtimeLoss:R}");
        }
    }

    private static double LogSumExp(float[] logits)
    {
        double max = logits.Max();
        return max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
    }
}
