using System.CommandLine;
using System.Globalization;
using CharRnn.ModelFormat;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn eval</c>: the mean loss of a model on a text, read as the trainer reads corpora and run as sampling
/// runs it: one stream from the zero state. A float32 model goes through the trainer's forward pass, whose sums may
/// round differently from Runtime's kernels in the last bits, which does not matter for a mean loss; an int8 model,
/// which that network cannot hold, goes through Runtime's int8 inference one character at a time
/// (<see cref="InferenceEvaluation"/>). <c>--streams</c> and <c>--warmup</c> cut the text as the trainer's validation
/// pass does, to reproduce the figure a run reported.
/// </summary>
internal static class EvalCommand
{
    // Steps per forward chunk; the state carries over, so this changes speed only, not the result.
    private const int ChunkLength = 256;

    public static Command Create(Terminal terminal)
    {
        Option<string> model = Options.RequiredPath("--model", "The model file (.charrnn) to evaluate.");
        Option<string> corpus = Options.RequiredPath("--corpus",
            "The text to evaluate on, read like train's corpus (UTF-8, CRLF read as LF); every character must be in the model's vocabulary.");
        Option<int> streams = Options.Int("--streams", 1, 1, 100_000,
            "Cut the text into this many streams read side by side, as train's validation pass does with its --batch-size; 1 reads it whole.");
        Option<int> warmup = Options.Int("--warmup", 0, 0, int.MaxValue,
            "Each stream but the first first reads this many characters before it, unscored, to show what the cold starts cost.");
        var command = new Command("eval", "Print a model's mean loss on a text in nats and bits per character (one stream from the zero state; float32 models through the trainer's forward pass, int8 ones through the inference path).")
        {
            model, corpus, streams, warmup,
        };
        command.SetAction(parse =>
        {
            ModelFile file = ModelFiles.Load(parse.GetValue(model)!);
            string corpusPath = parse.GetValue(corpus)!;
            int[] ids = TextCorpus.Encode(CorpusReader.Read(corpusPath), file.Vocabulary.AsSpan(), corpusPath);
            int streamCount = parse.GetValue(streams);
            if (ids.Length - 1 < streamCount)
            {
                throw new CorpusException(ids.Length < 2
                    ? $"corpus file '{corpusPath}' has one character; evaluation needs at least two"
                    : $"corpus file '{corpusPath}' is too short for {streamCount} streams: each needs a character and the one after it; lower --streams");
            }

            var layout = new StreamLayout(ids, streamCount);
            double nats = Loss(file, layout, parse.GetValue(warmup));
            terminal.OutputWriter.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{nats:F4} nats/char, {nats / Math.Log(2):F4} bits/char over {(long)layout.Streams * layout.StreamLength} predicted characters"));
            return 0;
        });
        return command;
    }

    /// <summary>The mean loss in nats of predicting each character of <paramref name="layout"/> from the ones before it.</summary>
    public static double Loss(ModelFile model, StreamLayout layout, int warmup)
    {
        if (model.WeightFormat == WeightFormat.Int8)
        {
            return InferenceEvaluation.Loss(model, layout, warmup);
        }

        var network = RnnNetwork<float>.FromModelFile(model);
        using var runner = new Training.BatchRunner<float>(network, layout.Streams, Math.Min(ChunkLength, layout.StreamLength));
        return runner.Evaluate(layout, warmup);
    }
}
