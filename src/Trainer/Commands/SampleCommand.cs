using System.CommandLine;
using System.Globalization;
using System.Text;
using CharRnn.CommandLine;
using CharRnn.ModelFormat;

namespace CharRnn.Training.Commands;

/// <summary>
/// <c>charrnn sample</c>: stdout receives the prime followed by <c>--length</c> generated characters (Unicode scalar
/// values; fewer when a stop comes first) as UTF-8, and nothing else, so the output can be compared byte for byte.
/// With <c>--count N</c>, N samples, each the prime, its text and the separator.
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
        Option<int> length = Options.Int("--length", 200, 0, int.MaxValue, "How many characters to generate after the prime (at most, with a stop).");
        var prime = new Option<string>("--prime") { Description = "Text fed to the model first and printed before the generated characters.", DefaultValueFactory = _ => "" };
        var includeStop = new Option<bool>("--include-stop") { Description = Sentence(GenerationFlags.All.Single(option => option.Name == "--include-stop").Description) };
        Option<string>[] generation = [.. GenerationFlags.All.Where(option => option.Name != includeStop.Name).Select(option =>
            new Option<string>(option.Name) { Description = Sentence(option.Description), HelpName = option.Value })];

        var command = new Command("sample", "Generate text from a model; stdout gets the prime and --length characters, or --count samples.")
        {
            model, seed, temperature, topK, greedy, length, prime, includeStop,
        };
        foreach (Option<string> option in generation)
        {
            command.Options.Add(option);
        }

        // The shared options are read while parsing, so a bad one is a command-line error (exit 2) like any other.
        Func<string, string?> Reader(System.CommandLine.Parsing.SymbolResult result) => name => name == includeStop.Name
            ? (result.GetValue(includeStop) ? "true" : null)
            : result.GetValue(generation.Single(option => option.Name == name));
        command.Validators.Add(result =>
        {
            int maxLength;
            try
            {
                maxLength = result.GetValue(length);
            }
            catch (InvalidOperationException)
            {
                return; // a bad --length reports its own error; the stop text is checked against it once it is valid
            }

            SamplingOptions unused = default;
            if (GenerationFlags.Parse(Reader(result), maxLength, ref unused, out string? error) is null)
            {
                result.AddError(error!);
            }
        });
        command.SetAction(parse =>
        {
            var options = new SamplingOptions
            {
                Seed = parse.GetValue(seed),
                Temperature = parse.GetValue(temperature),
                TopK = parse.GetValue(topK),
                Greedy = parse.GetValue(greedy),
            };
            GenerationFlags flags = GenerationFlags.Parse(Reader(parse.CommandResult), parse.GetValue(length), ref options, out string? error)
                ?? throw new CommandException(error!);
            Write(ModelFiles.Load(parse.GetValue(model)!), options, flags, parse.GetValue(prime)!, parse.GetValue(length), terminal.Output);
            return 0;
        });
        return command;
    }


    private static string Sentence(string description) => char.ToUpperInvariant(description[0]) + description[1..] + ".";

    /// <summary>
    /// Writes each sample to <paramref name="output"/> as UTF-8 as it is drawn: the prime, the text, and (with
    /// <c>--count</c>) the separator. Nothing is written unless the options and the prime suit the model.
    /// </summary>
    /// <exception cref="CommandException">An option or the prime does not suit the model.</exception>
    private static void Write(ModelFile model, SamplingOptions options, GenerationFlags flags, string prime, int length, Stream output)
    {
        var dynamic = new DynamicModel(model);
        DynamicSession Start(int sample)
        {
            DynamicSession session = dynamic.CreateSession(flags.Count is null ? options : options.ForSample(sample));
            session.Feed(prime);
            return session;
        }

        DynamicSession first;
        try
        {
            first = Start(0);
        }
        catch (ArgumentException e)
        {
            // Runtime names the character and its index; the prefix names the option it came from.
            throw new CommandException(GenerationFlags.OptionOf(e) + ": " + e.Message);
        }

        using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
        char[] buffer = flags.Stop is null ? new char[2] : new char[Math.Min(2L * length, Array.MaxLength)];
        for (int sample = 0; sample < (flags.Count ?? 1); sample++)
        {
            DynamicSession session = sample == 0 ? first : Start(sample);
            writer.Write(prime);
            if (flags.Stop is StopCondition stop)
            {
                writer.Write(buffer, 0, session.Generate(buffer, stop).Written);
            }
            else
            {
                for (int i = 0; i < length; i++)
                {
                    writer.Write(buffer, 0, session.Next().EncodeToUtf16(buffer));
                }
            }

            if (flags.Count is not null)
            {
                writer.Write(flags.Separator);
            }
        }
    }
}
