using System.Globalization;
using System.Runtime.InteropServices;
using CharRnn.ModelFormat;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;
using CharRnn.Training.Optimizers;
using CharRnn.Cells;

namespace CharRnn.Training;

/// <summary>What ties a checkpoint to a run: the options it must share, and moving its state in and out.</summary>
internal static class Resumption
{
    // The options a resumed run must share with its checkpoint: they fix the weight shapes, the optimizer state and
    // the order in which the text is seen. The corpus counts by its content, so a moved or renamed file still resumes.
    public static IReadOnlyList<(string Option, string Value)> Identity(TrainingOptions options, TextCorpus corpus)
    {
        byte[] content = [.. MemoryMarshal.AsBytes(corpus.Vocabulary.AsSpan()), .. MemoryMarshal.AsBytes(corpus.Ids.AsSpan())];
        return
        [
            ("--cell", CellCatalog.Name(options.Cell)),
            ("--hidden", Text(options.HiddenSize)),
            ("--layers", Text(options.Layers)),
            ("--seq-length", Text(options.ChunkLength)),
            ("--batch-size", Text(options.BatchSize)),
            ("--shards", Text(options.ShardCount)),
            ("--val-fraction", Text(options.ValidationFraction)),
            ("--seed", Text(options.Seed)),
            ("--optimizer", options.Optimizer.ToString().ToLowerInvariant()),
            ("--corpus", string.Create(CultureInfo.InvariantCulture,
                $"with {corpus.Ids.Length} characters, {corpus.Vocabulary.Length} distinct, FNV-1a {Fnv1a64.Hash(content):x16}")),
        ];

        static string Text<TValue>(TValue value) where TValue : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The options to resume <paramref name="checkpoint"/> with: a shard count not given is the checkpoint's, which
    /// is <see cref="TrainingOptions.LegacyShardCount"/> for a checkpoint made before the count was recorded.
    /// </summary>
    public static TrainingOptions Resumed(TrainingOptions options, Checkpoint checkpoint) =>
        options.Shards is null ? options with { Shards = SavedShards(checkpoint) } : options;

    // The checkpoint's shard count; a value that is not a count is left for the identity check to name.
    private static int? SavedShards(Checkpoint checkpoint) =>
        checkpoint.Identity.FirstOrDefault(pair => pair.Option == "--shards").Value is not { } saved ? TrainingOptions.LegacyShardCount
        : int.TryParse(saved, NumberStyles.None, CultureInfo.InvariantCulture, out int shards) && shards > 0 ? shards : null;

    /// <exception cref="TrainingException">The checkpoint was made with other options.</exception>
    public static void Check(string path, Checkpoint checkpoint, IReadOnlyList<(string Option, string Value)> identity)
    {
        if (checkpoint.Mismatch(identity, ("--shards", TrainingOptions.LegacyShardCount.ToString(CultureInfo.InvariantCulture))) is { } mismatch)
        {
            throw new TrainingException(
                $"--resume '{path}': {mismatch}; resume with the options the checkpoint was made with, or train afresh without --resume");
        }
    }

    /// <summary>Puts the checkpoint's weights, optimizer state and carried hidden state in place.</summary>
    public static void Restore(string path, Checkpoint checkpoint, RnnNetwork<float> network, BatchRunner<float> runner, Optimizer<float> optimizer)
    {
        IReadOnlyList<float[]> state = optimizer.State;
        if (checkpoint.Weights.Length != network.Parameters.Length || checkpoint.CarriedState.Length != runner.CarriedStateLength
            || checkpoint.OptimizerState.Count != state.Count
            || checkpoint.OptimizerState.Where((saved, i) => saved.Length != state[i].Length).Any())
        {
            throw new TrainingException($"--resume '{path}': the checkpoint's arrays do not fit this model; train afresh without --resume");
        }

        checkpoint.Weights.CopyTo(network.Parameters, 0);
        network.RefreshTransposed();
        for (int i = 0; i < state.Count; i++)
        {
            checkpoint.OptimizerState[i].CopyTo(state[i], 0);
        }

        optimizer.StepCount = checkpoint.OptimizerSteps;
        runner.CopyCarriedStateFrom(checkpoint.CarriedState);
    }

    public static float[] CarriedState(BatchRunner<float> runner)
    {
        var state = new float[runner.CarriedStateLength];
        runner.CopyCarriedStateTo(state);
        return state;
    }
}
