using System.CommandLine;
using System.Globalization;
using CharRnn.ModelFormat;
using CharRnn.Training.Cells;
using CharRnn.Training.Corpus;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn eval</c>: the mean loss of a model on a text, read as the trainer reads corpora and run as sampling
/// runs it: one stream from the zero state, in float32. It uses the trainer's forward pass, whose sums may round
/// differently from Runtime's kernels in the last bits, which does not matter for a mean loss.
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
        var command = new Command("eval", "Print a model's mean loss on a text in nats and bits per character (one stream from the zero state, float32, the trainer's forward pass).")
        {
            model, corpus,
        };
        command.SetAction(parse =>
        {
            ModelFile file = ModelFiles.Load(parse.GetValue(model)!);
            string corpusPath = parse.GetValue(corpus)!;
            int[] ids = TextCorpus.Encode(CorpusReader.Read(corpusPath), file.Vocabulary, corpusPath);
            if (ids.Length < 2)
            {
                throw new CorpusException($"corpus file '{corpusPath}' has one character; evaluation needs at least two");
            }

            double nats = Loss(file, ids);
            terminal.OutputWriter.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{nats:F4} nats/char, {nats / Math.Log(2):F4} bits/char over {ids.Length - 1} predicted characters"));
            return 0;
        });
        return command;
    }

    /// <summary>The mean loss in nats of predicting each character of <paramref name="ids"/> from the ones before it.</summary>
    public static double Loss(ModelFile model, int[] ids)
    {
        var network = RnnNetwork<float>.FromModelFile(model);
        using var runner = new Training.BatchRunner<float>(network, streams: 1, Math.Min(ChunkLength, ids.Length - 1));
        return runner.Evaluate(new StreamLayout(ids, streams: 1));
    }
}
