using System.Numerics.Tensors;
using CharRnn.ModelFormat;
using CharRnn.Training.Cells;
using CharRnn.Training.Optimizers;
using CharRnn.Cells;

namespace CharRnn.Training.Course;

/// <summary>How one cell did at one length: accuracy on held-out sequences and the training it took.</summary>
internal sealed record RecallResult(CellType Cell, int Length, double Accuracy, double FinalTrainLoss, RunTime Elapsed);

/// <summary>
/// The mean ‖∂L/∂h_t‖ of one sequence's loss against the distance from the loss (index 0: the last step), over
/// held-out sequences of one length, before and after training.
/// </summary>
internal sealed record GradientProfile(CellType Cell, int Length, double[] AtInitialisation, double[] AfterTraining);

internal sealed record VanishingResults(IReadOnlyList<RecallResult> Recall, IReadOnlyList<GradientProfile> Gradients);

/// <summary>
/// The vanishing-gradient exercise: trains each cell on <see cref="RecallTask"/> at each length with Adam and a
/// softmax on the last state, measures held-out accuracy, and for the longest length measures how ∂L/∂h_t shrinks
/// with the distance from the loss (in double, so even a vanished gradient has a size to plot).
/// </summary>
internal static class VanishingExperiment
{
    // Distinct seeds for the weights, the training sequences and the held-out ones, all from --seed.
    private const ulong TrainingStream = 0x7261696E696E6721, TestStream = 0x68656C646F757421;

    public static VanishingResults Run(VanishingSettings settings, Action<string> progress)
    {
        var recall = new List<RecallResult>();
        var gradients = new List<GradientProfile>();
        int longest = settings.Lengths.Max();
        foreach (CellType cell in settings.Cells)
        {
            foreach (int length in settings.Lengths)
            {
                var network = new RnnNetwork<float>(cell, RecallTask.Vocabulary, settings.HiddenSize, layers: 1);
                network.Initialize(settings.Seed);
                double[]? atInitialisation = length == longest ? GradientNorms(network, length, settings) : null;
                var clock = new RunClock();
                double loss = Train(network, length, settings);
                double accuracy = Accuracy(network, length, settings);
                var result = new RecallResult(cell, length, accuracy, loss, clock.Elapsed);
                recall.Add(result);
                progress(FormattableString.Invariant(
                    $"{CellCatalog.Name(cell)}, length {length}: {accuracy * 100:F1}% held-out accuracy, train loss {loss:F3}, {result.Elapsed}"));
                if (atInitialisation is not null)
                {
                    gradients.Add(new GradientProfile(cell, length, atInitialisation, GradientNorms(network, length, settings)));
                }
            }
        }

        return new VanishingResults(recall, gradients);
    }

    /// <summary>Trains <paramref name="network"/> in place and returns the mean loss of its last 10% of steps.</summary>
    public static double Train(RnnNetwork<float> network, int length, VanishingSettings settings)
    {
        int batch = settings.BatchSize;
        var reader = new LastStepNetwork<float>(network, batch, length);
        var task = new RecallTask(length, settings.Seed ^ TrainingStream);
        Optimizer<float> optimizer = Optimizer<float>.Create(OptimizerKind.Adam, settings.LearningRate, network.Parameters.Length);
        var gradients = new float[network.Parameters.Length];
        var inputs = new int[length * batch];
        var targets = new int[batch];
        var probabilities = new float[batch * RecallTask.Vocabulary];
        var hiddenGradient = new float[batch * network.HiddenSize];
        int tail = Math.Max(1, settings.TrainingSteps / 10);
        double tailLoss = 0;
        for (int step = 0; step < settings.TrainingSteps; step++)
        {
            task.Fill(inputs, targets);
            ReadOnlySpan<float> last = reader.Forward(inputs);
            double loss = SoftmaxOutput.Forward(network, last, targets, probabilities, batch) / batch;
            Array.Clear(gradients);
            SoftmaxOutput.Backward(network, last, targets, probabilities, batch, 1f / batch, hiddenGradient, gradients);
            reader.Backward(inputs, hiddenGradient, gradients);
            GradientClipping.Clip(gradients, ClipMode.Norm, settings.ClipNorm, GradientClipping.Norm(gradients));
            optimizer.Step(network.Parameters, gradients);
            network.RefreshTransposed();
            if (step >= settings.TrainingSteps - tail)
            {
                tailLoss += loss / tail;
            }
        }

        return tailLoss;
    }

    /// <summary>The share of held-out sequences whose most probable answer is their first symbol.</summary>
    public static double Accuracy(RnnNetwork<float> network, int length, VanishingSettings settings)
    {
        int batch = settings.BatchSize;
        int batches = Math.Max(1, settings.TestSequences / batch);
        var reader = new LastStepNetwork<float>(network, batch, length);
        var task = new RecallTask(length, settings.Seed ^ TestStream);
        var inputs = new int[length * batch];
        var targets = new int[batch];
        var probabilities = new float[batch * RecallTask.Vocabulary];
        int correct = 0;
        for (int b = 0; b < batches; b++)
        {
            task.Fill(inputs, targets);
            SoftmaxOutput.Forward(network, reader.Forward(inputs), targets, probabilities, batch);
            for (int s = 0; s < batch; s++)
            {
                ReadOnlySpan<float> p = probabilities.AsSpan(s * RecallTask.Vocabulary, RecallTask.Vocabulary);
                correct += TensorPrimitives.IndexOfMax(p) == targets[s] ? 1 : 0;
            }
        }

        return (double)correct / (batches * batch);
    }

    /// <summary>
    /// ‖∂L/∂h_t‖ of each held-out sequence's own loss (summed, not averaged, over the batch, so each stream's gradient
    /// is its sequence's), averaged over the streams, by distance from the last step; computed in double.
    /// </summary>
    public static double[] GradientNorms(RnnNetwork<float> trained, int length, VanishingSettings settings)
    {
        int batch = settings.BatchSize;
        int hidden = trained.HiddenSize;
        var network = new RnnNetwork<double>(trained.Cell, trained.VocabularySize, hidden, layers: 1);
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            network.Parameters[i] = trained.Parameters[i];
        }

        network.RefreshTransposed();
        var reader = new LastStepNetwork<double>(network, batch, length);
        reader.TraceHiddenGradients();
        var task = new RecallTask(length, settings.Seed ^ TestStream);
        var inputs = new int[length * batch];
        var targets = new int[batch];
        var probabilities = new double[batch * RecallTask.Vocabulary];
        var hiddenGradient = new double[batch * hidden];
        task.Fill(inputs, targets);
        ReadOnlySpan<double> last = reader.Forward(inputs);
        SoftmaxOutput.Forward(network, last, targets, probabilities, batch);
        SoftmaxOutput.Backward(network, last, targets, probabilities, batch, 1.0, hiddenGradient, new double[network.Parameters.Length]);
        reader.Backward(inputs, hiddenGradient, new double[network.Parameters.Length]);
        var norms = new double[length];
        ReadOnlySpan<double> traced = reader.HiddenGradients;
        for (int t = 0; t < length; t++)
        {
            double sum = 0;
            for (int s = 0; s < batch; s++)
            {
                sum += TensorPrimitives.Norm(traced.Slice((t * batch + s) * hidden, hidden));
            }

            norms[length - 1 - t] = sum / batch;
        }

        return norms;
    }
}
