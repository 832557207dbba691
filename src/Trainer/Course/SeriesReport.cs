using System.Globalization;
using System.Text;
using CharRnn.ModelFormat;
using CharRnn.Cells;

namespace CharRnn.Training.Course;

/// <summary>Writes <c>charrnn series</c>'s report.md: the data, the settings, the MSE against the baselines, per epoch.</summary>
internal static class SeriesReport
{
    public static string Write(SeriesSettings settings, SeriesResults results, string plotFile, RunTime elapsed)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
        string cell = CellCatalog.Name(settings.Cell);
        SeriesEpoch last = results.Epochs[^1];
        Line($"# A numeric time series: the same network with a regression head");
        Line($"");
        Line($"`charrnn series --cell {cell} --hidden {settings.HiddenSize} --epochs {settings.Epochs} --noise {settings.Noise} --seed {settings.Seed}` took {elapsed}.");
        Line($"");
        Line($"The data: x_t = sin(2πt / {settings.Period}) + {settings.Noise}·ε_t with Gaussian ε, {settings.TrainingPoints} points for training and the next {settings.ValidationPoints} held out. The network reads a window of {settings.Window} values, each as one of {SineSeries.Bins} equal levels fed one-hot (as it reads characters), and predicts the value after the window from its last state with y = w·h + b, trained on the mean squared error (MSE) instead of the softmax's cross-entropy.");
        Line($"");
        Line($"Settings: one {cell} layer of {settings.HiddenSize} units ({results.Parameters} parameters in use), Adam (learning rate {settings.LearningRate}), batches of {settings.BatchSize} windows, {settings.Epochs} epochs over the {settings.TrainingPoints - settings.Window} training windows, seed {settings.Seed}.");
        Line($"");
        Line($"## Mean squared error of the next value");
        Line($"");
        Line($"| predictor | train MSE | validation MSE |");
        Line($"|---|---:|---:|");
        Line($"| the network ({cell}, {settings.HiddenSize} units) | {last.TrainMse:F5} | {last.ValidationMse:F5} |");
        Line($"| repeat the last value | {results.RepeatLast.Train:F5} | {results.RepeatLast.Validation:F5} |");
        Line($"| the clean sine (the noise floor, noise² = {settings.Noise * settings.Noise:F5}) | {results.CleanSine.Train:F5} | {results.CleanSine.Validation:F5} |");
        Line($"");
        Line($"## By epoch");
        Line($"");
        Line($"| epoch | train MSE | validation MSE |");
        Line($"|---:|---:|---:|");
        foreach (SeriesEpoch epoch in results.Epochs)
        {
            Line($"| {epoch.Epoch} | {epoch.TrainMse:F5} | {epoch.ValidationMse:F5} |");
        }

        Line($"");
        Line($"![the validation series and the network's predictions]({plotFile})");
        return text.ToString();
    }
}
