using CharRnn.Training.Cells;
using CharRnn.Training.Optimizers;
using CharRnn.CompilerServices;

namespace CharRnn.Training.Course;

/// <summary>The MSE of each split after one epoch.</summary>
internal sealed record SeriesEpoch(int Epoch, double TrainMse, double ValidationMse);

/// <summary>
/// What the series exercise measured: the network's MSE per epoch, the baselines on the same windows, and the
/// validation predictions (one per validation window, in order) for the plot.
/// </summary>
internal sealed record SeriesResults(
    SineSeries Series, IReadOnlyList<SeriesEpoch> Epochs, SplitMse RepeatLast, SplitMse CleanSine, double[] ValidationPredictions,
    int Parameters);

/// <summary>The mean squared error of a predictor on the training and the validation windows.</summary>
internal sealed record SplitMse(double Train, double Validation);

/// <summary>
/// The numeric time-series exercise: the project's cells read a window of the noisy sine (as ids of its levels, the
/// way they read characters) and a <see cref="RegressionHead"/> on the last state predicts the next value, trained
/// with Adam on the mean squared error.
/// </summary>
internal static class SeriesExperiment
{
    public static SeriesResults Run(SeriesSettings settings, Action<string> progress)
    {
        int window = settings.Window, batch = settings.BatchSize;
        var series = new SineSeries(settings.TrainingPoints + settings.ValidationPoints, settings.Period, settings.Noise, settings.Seed);
        // A window's first value; its target is the value right after it. Validation windows lie wholly after the training points.
        int[] trainStarts = [.. Enumerable.Range(0, settings.TrainingPoints - window)];
        int[] validationStarts = [.. Enumerable.Range(settings.TrainingPoints, settings.ValidationPoints - window)];
        var network = new RnnNetwork<float>(settings.Cell, SineSeries.Bins, settings.HiddenSize, layers: 1);
        network.Initialize(settings.Seed);
        var reader = new LastStepNetwork<float>(network, batch, window);
        var head = new RegressionHead(settings.HiddenSize);
        Optimizer<float> networkOptimizer = Optimizer<float>.Create(OptimizerKind.Adam, settings.LearningRate, network.Parameters.Length);
        Optimizer<float> headOptimizer = Optimizer<float>.Create(OptimizerKind.Adam, settings.LearningRate, head.Parameters.Length);
        var gradients = new float[network.Parameters.Length];
        var inputs = new int[window * batch];
        var predictions = new double[batch];
        var targets = new double[batch];
        var hiddenGradient = new float[batch * settings.HiddenSize];
        var random = new CharRnnRandom(settings.Seed ^ 0x73657269657321);
        var epochs = new List<SeriesEpoch>();
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            Shuffle(trainStarts, ref random);
            for (int first = 0; first + batch <= trainStarts.Length; first += batch)
            {
                Fill(series, trainStarts.AsSpan(first, batch), window, inputs, targets);
                ReadOnlySpan<float> last = reader.Forward(inputs);
                head.Forward(last, predictions);
                Array.Clear(gradients);
                Array.Clear(head.Gradients);
                head.Backward(last, predictions, targets, hiddenGradient);
                reader.Backward(inputs, hiddenGradient, gradients);
                networkOptimizer.Step(network.Parameters, gradients);
                headOptimizer.Step(head.Parameters, head.Gradients);
                network.RefreshTransposed();
            }

            var measured = new SeriesEpoch(epoch, Mse(reader, head, series, trainStarts, null), Mse(reader, head, series, validationStarts, null));
            epochs.Add(measured);
            progress(FormattableString.Invariant($"epoch {epoch}: train MSE {measured.TrainMse:F5}, validation MSE {measured.ValidationMse:F5}"));
        }

        var validationPredictions = new double[validationStarts.Length];
        Mse(reader, head, series, validationStarts, validationPredictions);
        return new SeriesResults(series, epochs,
            Baseline(series, trainStarts, validationStarts, window, start => series.Values[start + window - 1]),
            Baseline(series, trainStarts, validationStarts, window, start => series.Clean[start + window]),
            validationPredictions, network.Parameters.Length - network.OutputWeights(network.Parameters).Length
                - network.OutputBias(network.Parameters).Length + head.Parameters.Length);
    }

    // The network's MSE over the windows starting at `starts`, batch by batch (the last batch padded with its first
    // window, whose repeats are not counted); each prediction is written to `predictions` when given.
    private static double Mse(LastStepNetwork<float> reader, RegressionHead head, SineSeries series, int[] starts, double[]? predictions)
    {
        int batch = reader.Streams, window = reader.Steps;
        var inputs = new int[window * batch];
        var targets = new double[batch];
        var predicted = new double[batch];
        var padded = new int[batch];
        double sum = 0;
        for (int first = 0; first < starts.Length; first += batch)
        {
            int count = Math.Min(batch, starts.Length - first);
            padded.AsSpan().Fill(starts[first]);
            starts.AsSpan(first, count).CopyTo(padded);
            Fill(series, padded, window, inputs, targets);
            head.Forward(reader.Forward(inputs), predicted);
            for (int s = 0; s < count; s++)
            {
                sum += (predicted[s] - targets[s]) * (predicted[s] - targets[s]);
                if (predictions is not null)
                {
                    predictions[first + s] = predicted[s];
                }
            }
        }

        return sum / starts.Length;
    }

    private static SplitMse Baseline(SineSeries series, int[] trainStarts, int[] validationStarts, int window, Func<int, double> predict)
    {
        double Mse(int[] starts) => starts.Average(start => Math.Pow(predict(start) - series.Values[start + window], 2));
        return new SplitMse(Mse(trainStarts), Mse(validationStarts));
    }

    // Step-major ids of each window, and the value after each as its target.
    private static void Fill(SineSeries series, ReadOnlySpan<int> starts, int window, Span<int> inputs, Span<double> targets)
    {
        for (int s = 0; s < starts.Length; s++)
        {
            for (int t = 0; t < window; t++)
            {
                inputs[t * starts.Length + s] = series.Ids[starts[s] + t];
            }

            targets[s] = series.Values[starts[s] + window];
        }
    }

    private static void Shuffle(int[] values, ref CharRnnRandom random)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)(random.NextUInt64() % (ulong)(i + 1));
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
