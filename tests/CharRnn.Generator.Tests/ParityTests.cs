using System.Text;
using CharRnn.Inference;
using CharRnn.ModelFormat;
using CharRnn.Runtime.Tests;
using Microsoft.CodeAnalysis;

namespace CharRnn.Generator.Tests;

/// <summary>Generated code and Runtime's DynamicModel give the same characters for the same model and options.</summary>
public class ParityTests
{
    internal const string ConsumerSource = """
        using System.Text;
        using CharRnn;

        namespace Demo;

        /// <summary>The model under test.</summary>
        [CharRnnModel("Models/model.charrnn")]
        public static partial class Model;

        /// <summary>Calls the generated API with types reflection can pass.</summary>
        public static class Probe
        {
            /// <summary>Runs <c>Generate</c> into a buffer of <paramref name="length"/> chars.</summary>
            public static string Generate(string prompt, int length, SamplingOptions options)
            {
                var buffer = new char[length];
                int written = Model.Generate(prompt, buffer, options);
                return new string(buffer, 0, written);
            }

            /// <summary>Runs <c>Generate</c> with a stop condition: the reason, a colon, then the text.</summary>
            public static string GenerateUntil(string prompt, int length, SamplingOptions options, StopCondition stop)
            {
                var buffer = new char[length];
                GenerationResult result = Model.Generate(prompt, buffer, options, stop);
                return result.Reason + ":" + new string(buffer, 0, result.Written);
            }

            /// <summary>Runs <c>GenerateMany</c>.</summary>
            public static string[] Many(string prompt, int count, SamplingOptions options, StopCondition stop) =>
                Model.GenerateMany(prompt, count, options, stop);

            /// <summary>Takes <paramref name="count"/> characters from a <c>Session</c>.</summary>
            public static string Stream(string prompt, int count, SamplingOptions options)
            {
                var session = new Model.Session(options);
                session.Feed(prompt);
                var text = new StringBuilder();
                for (int i = 0; i < count; i++)
                {
                    text.Append(session.Next().ToString());
                }

                return text.ToString();
            }

            /// <summary>
            /// The fewest bytes any of three passes of <paramref name="count"/> characters and each way of generating
            /// allocated, after a first pass that takes every one-time cost (compiling, type and static initialisation)
            /// on this thread. Code that allocates per character allocates in every pass; a late one-time cost (the
            /// runtime replacing a hot loop's code mid-run) lands in one.
            /// </summary>
            public static long AllocatedBytes(string prompt, int count, SamplingOptions options)
            {
                var session = new Model.Session(options);
                session.Feed(prompt);
                session.Next();
                Exercise(ref session, prompt, count, options);
                long fewest = long.MaxValue;
                for (int pass = 0; pass < 3; pass++)
                {
                    long before = System.GC.GetAllocatedBytesForCurrentThread();
                    Exercise(ref session, prompt, count, options);
                    fewest = System.Math.Min(fewest, System.GC.GetAllocatedBytesForCurrentThread() - before);
                }

                return fewest;
            }

            private static void Exercise(ref Model.Session session, string prompt, int count, SamplingOptions options)
            {
                for (int i = 0; i < count; i++)
                {
                    session.Next();
                }

                session.Feed(prompt);
                System.Span<char> buffer = stackalloc char[64];
                Model.Generate(prompt, buffer, options);
                session.Generate(buffer, new StopCondition { Characters = "\n", Text = "ab", MaxLength = 40 });
            }
        }
        """;

    private static readonly int[] Letters = [10, 32, 'a', 'b', 'c', 'd', 'e', 0xE9, 0x1F600];

    // Characters that break naive code generation: quotes, backslashes, comment ends, line breaks of every kind,
    // NUL, the BOM, and a character outside the BMP.
    private static readonly int[] Hostile = [0x0000, 0x000A, 0x000D, 0x0022, 0x0027, 0x002A, 0x002F, 0x005C, 0x0085, 0x2028, 0x2029, 0xFEFF, 0x1F600];

    public static TheoryData<CellType, int> CellsAndLayers => EveryCell.WithLayers(1, 2, 3);

    [Theory]
    [MemberData(nameof(CellsAndLayers))]
    public void Generate_and_Session_match_DynamicModel_over_seeds_temperatures_top_k_greedy_and_prompts(CellType cell, int layers)
    {
        // Hidden size 12: the gate rows (12, 36, 48) and the hidden vectors end in a tail at 8 lanes.
        ModelFile model = TestModels.Random(hiddenSize: 12, Letters, seed: 10 + layers, layers: layers, scale: 1.5f, cell: cell);
        AssertSameTextAsDynamicModel(model, ["", "a", "bad cab\n", "é😀 e"]);
    }

    /// <summary>Bakes <paramref name="model"/>; its Generate and Session sample what DynamicModel does, for every option.</summary>
    internal static void AssertSameTextAsDynamicModel(ModelFile model, string[] prompts)
    {
        using LoadedAssembly generated = Bake(model);
        var generate = generated.Method<Func<string, int, SamplingOptions, string>>("Demo.Probe", "Generate");
        var stream = generated.Method<Func<string, int, SamplingOptions, string>>("Demo.Probe", "Stream");
        var dynamic = new DynamicModel(model);
        foreach (SamplingOptions options in OptionsToTry())
        {
            foreach (string prompt in prompts)
            {
                Assert.Equal(Sample(dynamic, prompt, 200, options), generate(prompt, 200, options));
                Assert.Equal(Sample(dynamic, prompt, 150, options, countRunes: true), stream(prompt, 150, options));
            }
        }
    }

    public static TheoryData<OptimizationLevel, CellType> OptimizationsAndCells => new()
    {
        { OptimizationLevel.Debug, CellType.Rnn },
        { OptimizationLevel.Release, CellType.Rnn },
        { OptimizationLevel.Debug, CellType.Lstm },
        { OptimizationLevel.Release, CellType.Lstm },
        { OptimizationLevel.Debug, CellType.Gru },
        { OptimizationLevel.Release, CellType.Gru },
    };

    [Theory]
    [MemberData(nameof(OptimizationsAndCells))]
    public void Generated_code_allocates_nothing_per_character_in_Debug_or_Release(OptimizationLevel optimization, CellType cell)
    {
        using LoadedAssembly generated = Bake(TestModels.Random(hiddenSize: 33, Letters, seed: 2, layers: 2, cell: cell), optimization);
        var allocated = generated.Method<Func<string, int, SamplingOptions, long>>("Demo.Probe", "AllocatedBytes");
        Assert.Equal(0, allocated("dé😀", 5000, new SamplingOptions { Seed = 1, TopK = 4 }));
        var masked = new SamplingOptions { Seed = 2, DeniedCharacters = "e", UnknownCharacters = UnknownCharacterPolicy.Skip };
        Assert.Equal(0, allocated("d§é😀", 5000, masked));
    }

    [Theory]
    [InlineData(CellType.Rnn, OptimizationLevel.Release)]
    [InlineData(CellType.Lstm, OptimizationLevel.Debug)]
    [InlineData(CellType.Gru, OptimizationLevel.Release)]
    public void Weights_baked_as_UTF8_literals_beyond_the_string_budget_give_the_same_text(CellType cell, OptimizationLevel optimization)
    {
        ModelFile model = TestModels.Random(hiddenSize: 12, Letters, seed: 4, layers: 2, scale: 1.5f, cell: cell);
        var overBudget = new Dictionary<string, string> { ["CharRnnStringWeightChars"] = "100" };
        using LoadedAssembly generated = Bake(model, optimization, overBudget);
        var generate = generated.Method<Func<string, int, SamplingOptions, string>>("Demo.Probe", "Generate");
        var allocated = generated.Method<Func<string, int, SamplingOptions, long>>("Demo.Probe", "AllocatedBytes");
        var dynamic = new DynamicModel(model);
        foreach (SamplingOptions options in OptionsToTry().Take(30))
        {
            Assert.Equal(Sample(dynamic, "bad cab\n", 200, options), generate("bad cab\n", 200, options));
        }

        Assert.Equal(0, allocated("dé😀", 2000, new SamplingOptions { Seed = 1, TopK = 4 }));
    }

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Stops_many_samples_character_sets_and_unknown_characters_match_DynamicModel(CellType cell)
    {
        ModelFile model = TestModels.Random(hiddenSize: 12, Letters, seed: 30, layers: 2, scale: 1.5f, cell: cell);
        using LoadedAssembly generated = Bake(model);
        var until = generated.Method<Func<string, int, SamplingOptions, StopCondition, string>>("Demo.Probe", "GenerateUntil");
        var many = generated.Method<Func<string, int, SamplingOptions, StopCondition, string[]>>("Demo.Probe", "Many");
        var dynamic = new DynamicModel(model);
        StopCondition[] stops =
        [
            new() { Characters = "\n" },
            new() { Characters = "e😀", IncludeStop = true, MaxLength = 90 },
            new() { Text = "ab", MaxLength = 150 },
            new() { Text = "a b", IncludeStop = true },
        ];
        SamplingOptions[] options =
        [
            new() { Seed = 1 },
            new() { Seed = 2, Temperature = 1.7f, TopK = 3, AllowedCharacters = "ab \n😀" },
            new() { Seed = 3, DeniedCharacters = "cd", UnknownCharacters = UnknownCharacterPolicy.Skip },
            new() { Seed = 4, Greedy = true, DeniedCharacters = "a", UnknownCharacters = UnknownCharacterPolicy.Replace, Replacement = new Rune('é') },
        ];
        foreach (StopCondition stop in stops)
        {
            foreach (SamplingOptions option in options)
            {
                string prompt = option.UnknownCharacters == UnknownCharacterPolicy.Refuse ? "bad" : "bad§q";
                DynamicSession session = dynamic.CreateSession(option);
                session.Feed(prompt);
                var buffer = new char[200];
                GenerationResult expected = session.Generate(buffer, stop);
                Assert.Equal(expected.Reason + ":" + new string(buffer, 0, expected.Written), until(prompt, 200, option, stop));
                StopCondition limited = stop.MaxLength > 0 ? stop : stop with { MaxLength = 100 };
                Assert.Equal(dynamic.GenerateMany(prompt, 5, option, limited), many(prompt, 5, option, limited));
            }
        }
    }

    [Fact]
    public void A_hostile_vocabulary_bakes_as_numbers_and_maps_every_character_exactly()
    {
        ModelFile model = TestModels.Random(hiddenSize: 8, Hostile, seed: 5, scale: 2f);
        string everyCharacter = string.Concat(Hostile.Select(char.ConvertFromUtf32));
        GeneratorRun run = GeneratorHarness.Run(ConsumerSource, GeneratorHarness.File("/app/Models/model.charrnn", GeneratorHarness.ModelText(model)));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        Assert.All(run.GeneratedText, c => Assert.InRange(c, '\t', '~'));

        using LoadedAssembly generated = GeneratorHarness.Load(run.Output);
        var generate = generated.Method<Func<string, int, SamplingOptions, string>>("Demo.Probe", "Generate");
        var dynamic = new DynamicModel(model);
        for (ulong seed = 0; seed < 8; seed++)
        {
            var options = new SamplingOptions { Seed = seed };
            string text = generate(everyCharacter, 400, options);
            Assert.Equal(Sample(dynamic, everyCharacter, 400, options), text);
            Assert.All(Runes(text), rune => Assert.Contains(rune.Value, Hostile));
        }

        // Every character, fed alone, lands on its own id: the next character depends on it.
        string[] continuations = Hostile.Select(c => generate(char.ConvertFromUtf32(c), 40, new SamplingOptions { Greedy = true })).ToArray();
        Assert.Equal(
            Hostile.Select(c => Sample(dynamic, char.ConvertFromUtf32(c), 40, new SamplingOptions { Greedy = true })),
            continuations);
    }

    [Fact]
    public void Generate_stops_short_rather_than_split_a_surrogate_pair()
    {
        // Only the emoji in the vocabulary: every character takes two chars, so an odd buffer keeps one slot empty.
        ModelFile model = TestModels.Random(hiddenSize: 4, [0x1F600], seed: 1);
        using LoadedAssembly generated = Bake(model);
        var generate = generated.Method<Func<string, int, SamplingOptions, string>>("Demo.Probe", "Generate");
        Assert.Equal(string.Concat(Enumerable.Repeat("😀", 3)), generate("", 7, new SamplingOptions()));
    }

    internal static LoadedAssembly Bake(
        ModelFile model, OptimizationLevel optimization = OptimizationLevel.Release, Dictionary<string, string>? properties = null)
    {
        GeneratorRun run = GeneratorHarness.Run(
            GeneratorHarness.Compilation(optimization, ConsumerSource),
            GeneratorHarness.Driver(
                properties ?? [], GeneratorHarness.File("/app/Models/model.charrnn", GeneratorHarness.ModelText(model))));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        return GeneratorHarness.Load(run.Output);
    }

    internal static IEnumerable<SamplingOptions> OptionsToTry()
    {
        foreach (ulong seed in new ulong[] { 0, 1, 2, 42, ulong.MaxValue })
        {
            foreach (float temperature in new[] { 0.3f, 0.5f, 1f, 1.7f })
            {
                foreach (int topK in new[] { 0, 1, 3, 100 })
                {
                    yield return new SamplingOptions { Seed = seed, Temperature = temperature, TopK = topK };
                }
            }

            yield return new SamplingOptions { Seed = seed, Greedy = true };
        }
    }

    // What docs/architecture.md's Generate promises, written against DynamicSession: feed, then fill the buffer
    // (or take `length` characters when countRunes) without splitting a surrogate pair.
    internal static string Sample(DynamicModel model, string prompt, int length, SamplingOptions options, bool countRunes = false)
    {
        DynamicSession session = model.CreateSession(options);
        session.Feed(prompt);
        var text = new StringBuilder();
        for (int runes = 0; countRunes ? runes < length : text.Length < length; runes++)
        {
            Rune next = session.Next();
            if (!countRunes && text.Length + next.Utf16SequenceLength > length)
            {
                break;
            }

            text.Append(next.ToString());
        }

        return text.ToString();
    }

    private static IEnumerable<Rune> Runes(string text) => text.EnumerateRunes().ToArray();
}
