using System.Globalization;
using CharRnn.ModelFormat;
using CharRnn.Training.Cells;

namespace CharRnn.Training;

/// <summary>The best weights so far and the model file at <c>--out</c> that holds them.</summary>
internal sealed class BestModel(RnnNetwork<float> network, int[] vocabulary, string corpusName, TrainingOptions options)
{
    private bool _saved;

    /// <summary>The validation loss of the saved model; infinity before the first save.</summary>
    public double ValidationLoss { get; private set; } = double.PositiveInfinity;

    public long Step { get; private set; }

    /// <summary>Takes over a checkpoint's bookkeeping, when the model file it speaks of is still there.</summary>
    public void Restore(double validationLoss, long step)
    {
        if (double.IsFinite(validationLoss) && File.Exists(options.OutputPath))
        {
            ValidationLoss = validationLoss;
            Step = step;
            _saved = true;
        }
    }

    /// <summary>Saves the current weights if <paramref name="evaluation"/> is the best yet; returns whether it was.</summary>
    public bool Offer(Evaluation evaluation)
    {
        if (!(evaluation.ValidationLoss < ValidationLoss))
        {
            return false;
        }

        Save(new TrainingFacts(corpusName, evaluation.Characters, evaluation.TrainLoss, evaluation.ValidationLoss, options.Seed));
        ValidationLoss = evaluation.ValidationLoss;
        Step = evaluation.Step;
        return true;
    }

    public void SaveIfNothingSaved()
    {
        if (!_saved)
        {
            Save(TrainingFacts.None);
        }
    }

    // The probe before training makes a failure here rare (a full disk, a directory made read-only meanwhile).
    // The save is atomic, so the file still holds the best model saved before; the message says which.
    private void Save(TrainingFacts facts)
    {
        try
        {
            ModelFiles.Save(options.OutputPath, network.ToModelFile(network.Parameters, vocabulary, facts));
            _saved = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string kept = _saved
                ? string.Create(CultureInfo.InvariantCulture, $"; the file keeps the model saved at step {Step} (val loss {ValidationLoss:F4})")
                : "";
            throw TrainingException.CannotWrite("--out", options.OutputPath, "the model", e, kept);
        }
    }
}
