using System.CommandLine;
using System.Globalization;
using System.Text;
using CharRnn.ModelFormat;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn sample</c>: stdout receives the prime followed by exactly <c>--length</c> generated characters
/// (Unicode scalar values) as UTF-8, and nothing else, so the output can be compared byte for byte.
/// </summary>
internal static class SampleCommand
{
    public static Command Create(Terminal terminal)
    {
        Option<string> model = Options.RequiredPath("--model", "The model file (.charrnn) to sample from.");
        Option<ulong> seed = Options.Seed(0, "Seeds the sampler; the same model, options and seed give the same text on every machine.");
        Option<float> temperature = Options.Checked<float>("--temperature", "Divides the logits: below 1 safer, above 1 wilder; must be > 0.", 1f,
            "a number", (string text, out float value) => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            value => value > 0f && float.IsFinite(value) ? null : "a number greater than 0 (try 0.5 to 1.0)");
        Option<int> topK = Options.Int("--top-k", 0, 0, int.MaxValue, "Sample only from the K most likely characters (0: all).");
        var greedy = new Option<bool>("--greedy") { Description = "Always take the most likely character (no randomness)." };
        Option<int> length = Options.Int("--length", 200, 0, int.MaxValue, "How many characters to generate after the prime.");
        var prime = new Option<string>("--prime") { Description = "Text fed to the model first and printed before the generated characters.", DefaultValueFactory = _ => "" };

        var command = new Command("sample", "Generate text from a model; stdout gets the prime and exactly --length characters.")
        {
            model, seed, temperature, topK, greedy, length, prime,
        };
        command.SetAction(parse =>
        {
            var options = new SamplingOptions
            {
                Seed = parse.GetValue(seed),
                Temperature = parse.GetValue(temperature),
                TopK = parse.GetValue(topK),
                Greedy = parse.GetValue(greedy),
            };
            Write(ModelFiles.Load(parse.GetValue(model)!), options, parse.GetValue(prime)!, parse.GetValue(length), terminal.Output);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Writes the prime and then <paramref name="length"/> sampled characters to <paramref name="output"/> as UTF-8,
    /// as they are drawn; nothing is written unless the prime is valid.
    /// </summary>
    /// <exception cref="CommandException">The prime has a character the model does not know.</exception>
    private static void Write(ModelFile model, SamplingOptions options, string prime, int length, Stream output)
    {
        DynamicSession session = new DynamicModel(model).CreateSession(options);
        try
        {
            session.Feed(prime);
        }
        catch (ArgumentException e)
        {
            throw new CommandException("--prime: " + e.Message); // Runtime names the character and its index.
        }

        using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
        writer.Write(prime);
        Span<char> utf16 = stackalloc char[2];
        for (int i = 0; i < length; i++)
        {
            writer.Write(utf16[..session.Next().EncodeToUtf16(utf16)]);
        }
    }
}
