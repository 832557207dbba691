using System.Globalization;
using System.Text;
using CharRnn.ModelFormat;
using CharRnn.Cells;

namespace CharRnn.Training.Course;

/// <summary>Writes <c>charrnn vanishing</c>'s report.md: the task, the settings, the accuracy table and the gradient norms.</summary>
internal static class VanishingReport
{
    /// <summary>The distances from the loss the report's gradient table lists (those shorter than the sequence).</summary>
    private static readonly int[] Distances = [0, 1, 2, 5, 10, 25, 50, 75, 99, 199, 499, 999];

    public static string Write(VanishingSettings settings, VanishingResults results, string plotFile, RunTime elapsed)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
        string cells = string.Join(',', settings.Cells.Select(CellCatalog.Name));
        double chance = 1.0 / RecallTask.Symbols;
        Line($"# Spot the vanishing gradient");
        Line($"");
        Line($"`charrnn vanishing --lengths {string.Join(',', settings.Lengths)} --cells {cells} --hidden {settings.HiddenSize} --steps {settings.TrainingSteps} --learning-rate {settings.LearningRate} --seed {settings.Seed}` took {elapsed}.");
        Line($"");
        Line($"Each sequence starts with one of {RecallTask.Symbols} symbols, followed by length − 1 random distractors ({RecallTask.Distractors} other symbols); after the last step the network must name the first symbol. The loss (cross-entropy) is on the last step only, so everything the network learns about step 0 reaches it through ∂L/∂h_t flowing back length − 1 steps.");
        Line($"");
        Line($"Settings: one layer of {settings.HiddenSize} units, a softmax on the last state, Adam (learning rate {settings.LearningRate}), the gradient's norm clipped to {settings.ClipNorm}, {settings.TrainingSteps} steps of {settings.BatchSize} fresh sequences for each cell and length, weights seeded with {settings.Seed} (the same start for every length of a cell). Accuracy is measured on {Math.Max(1, settings.TestSequences / settings.BatchSize) * settings.BatchSize} held-out sequences, the same ones for every cell.");
        Line($"");
        Line($"## Held-out accuracy (chance: {chance * 100:F1}%)");
        Line($"");
        Table(text, settings, results, result => string.Create(CultureInfo.InvariantCulture, $"{result.Accuracy * 100:F1}%"));
        Line($"");
        Line($"## Training loss (mean of the last 10% of steps; chance: ln {RecallTask.Symbols} = {Math.Log(RecallTask.Symbols):F3}) and the time per run (wall clock, processor)");
        Line($"");
        Table(text, settings, results, result => string.Create(CultureInfo.InvariantCulture, $"{result.FinalTrainLoss:F3} ({result.Elapsed.Wall.TotalSeconds:F1} s, CPU {result.Elapsed.Processor.TotalSeconds:F1} s)"));
        if (results.Gradients.Count > 0)
        {
            GradientTable(text, results.Gradients, settings.BatchSize);
            Line($"");
            Line($"![the gradient norm against the distance from the loss]({plotFile})");
        }

        return text.ToString();
    }

    // One row per length, one column per cell.
    private static void Table(StringBuilder text, VanishingSettings settings, VanishingResults results, Func<RecallResult, string> cell)
    {
        text.Append("| length | ").AppendJoin(" | ", settings.Cells.Select(CellCatalog.Name)).Append(" |\n");
        text.Append("|---:|").Append(string.Concat(settings.Cells.Select(_ => "---:|"))).Append('\n');
        foreach (int length in settings.Lengths)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {length} | ")
                .AppendJoin(" | ", settings.Cells.Select(c => cell(results.Recall.First(r => r.Cell == c && r.Length == length))))
                .Append(" |\n");
        }
    }

    private static void GradientTable(StringBuilder text, IReadOnlyList<GradientProfile> profiles, int sequences)
    {
        int length = profiles[0].Length;
        text.Append(CultureInfo.InvariantCulture, $"\n## ‖∂L/∂h_t‖ against the distance from the loss (length {length})\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"The mean over {sequences} held-out sequences of ‖∂L/∂h_t‖, each sequence's gradient of its own loss, at initialisation and after training; distance 0 is the last step, distance {length - 1} the first. Computed in double precision.\n\n");
        text.Append("| distance | ")
            .AppendJoin(" | ", profiles.SelectMany(p => new[] { CellCatalog.Name(p.Cell) + " at init", CellCatalog.Name(p.Cell) + " trained" }))
            .Append(" |\n|---:|").Append(string.Concat(profiles.Select(_ => "---:|---:|"))).Append('\n');
        foreach (int distance in Distances.Where(d => d < length).Append(length - 1).Distinct())
        {
            text.Append(CultureInfo.InvariantCulture, $"| {distance} | ")
                .AppendJoin(" | ", profiles.SelectMany(p => new[] { p.AtInitialisation[distance], p.AfterTraining[distance] })
                    .Select(norm => norm.ToString("0.0e+0", CultureInfo.InvariantCulture)))
                .Append(" |\n");
        }
    }
}
