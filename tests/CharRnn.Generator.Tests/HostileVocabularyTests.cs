using System.Text;
using CharRnn.Inference;
using CharRnn.ModelFormat;
using CharRnn.Runtime.Tests;
using CsCheck;
using Microsoft.CodeAnalysis;

namespace CharRnn.Generator.Tests;

/// <summary>
/// Whatever a model file holds, the generated file holds only numbers and our own code: a vocabulary of hostile
/// characters maps each one exactly, and text written to smuggle code into the output never becomes code.
/// </summary>
public class HostileVocabularyTests
{
    // Quotes, backslash, the characters of a comment end, every line break C# knows, NUL, the BOM, a character
    // outside the BMP and the last scalar value.
    private static readonly int[] Hostile =
        [0x0000, 0x000A, 0x000D, 0x0022, 0x0027, 0x002A, 0x002F, 0x005C, 0x0085, 0x2028, 0x2029, 0xFEFF, 0x1F600, 0x10FFFF];

    // A scalar value from the hostile list or from anywhere in Unicode (surrogates excluded).
    private static readonly Gen<int> Scalars = Gen.Frequency(
        (3, Gen.OneOf(Hostile)),
        (1, Gen.Int[0, 0xD7FF]),
        (1, Gen.Int[0xE000, 0x10FFFF]));

    // Sources that would become code if any text of the model file were pasted into the generated file.
    public static TheoryData<string> Smuggled => new()
    {
        "*/ public static void Evil() { } /*",
        "\"; } public static void Evil() { } //",
        "'); public static void Evil() { } //",
        "\u2028public static void Evil() { }",
        "#error Evil",
        "\\u0022; public static void Evil() { } //",
    };

    [Fact]
    public void Random_hostile_vocabularies_compile_and_map_every_character_exactly()
    {
        Scalars.HashSet[1, 12].Sample(
            set =>
            {
                int[] vocabulary = set.Order().ToArray();
                ModelFile model = TestModels.Random(hiddenSize: 3, vocabulary, seed: vocabulary.Length, scale: 2f);
                using LoadedAssembly generated = ParityTests.Bake(model);
                var stream = generated.Method<Func<string, int, SamplingOptions, string>>("Demo.Probe", "Stream");
                var dynamic = new DynamicModel(model);
                foreach (int scalar in vocabulary)
                {
                    // Fed alone, each character must land on its own id: what follows depends on it.
                    string character = char.ConvertFromUtf32(scalar);
                    var greedy = new SamplingOptions { Greedy = true };
                    Assert.Equal(Continue(dynamic, character, 8, greedy), stream(character, 8, greedy));
                }

                var options = new SamplingOptions { Seed = (ulong)vocabulary[0] };
                string everything = string.Concat(vocabulary.Select(char.ConvertFromUtf32));
                Assert.Equal(Continue(dynamic, everything, 64, options), stream(everything, 64, options));
            },
            iter: 24,
            threads: 1);
    }

    [Theory]
    [MemberData(nameof(Smuggled))]
    public void Text_written_to_smuggle_code_is_refused_or_ignored_never_compiled(string code)
    {
        string valid = GeneratorHarness.ModelText(TestModels.Random(hiddenSize: 3, [10, 'a', 'b'], seed: 1));
        string[] placements =
        [
            valid.Replace("corpus test.txt", "corpus " + code, StringComparison.Ordinal),
            valid.Replace("vocab 000A", "vocab " + code + " 000A", StringComparison.Ordinal),
            valid.Replace("vocab 000A 0061 0062", "vocab 000A 0061 0062 " + code, StringComparison.Ordinal),
            valid.Replace("tensor by 3", "tensor by" + code + " 3", StringComparison.Ordinal),
            valid.Replace("cell rnn", "cell rnn" + code, StringComparison.Ordinal),
            valid.Replace("seed 1", "seed 1 " + code, StringComparison.Ordinal),
            valid.Replace("\nend\n", "\nend\n" + code + "\n", StringComparison.Ordinal),
        ];
        Assert.All(placements, text => Assert.Contains(code, text, StringComparison.Ordinal));

        foreach (string text in placements)
        {
            GeneratorRun run = GeneratorHarness.Run(ParityTests.ConsumerSource, GeneratorHarness.File("/app/Models/model.charrnn", text));
            if (run.GeneratorDiagnostics.IsEmpty)
            {
                // Only the corpus name is free text, and it is not baked.
                Assert.DoesNotContain("Evil", run.GeneratedText, StringComparison.Ordinal);
                Assert.Empty(run.CompilerDiagnostics);
                Assert.Empty(run.Output.GetSymbolsWithName("Evil"));
            }
            else
            {
                Assert.Empty(run.Result.Results[0].GeneratedSources);
                Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
            }
        }
    }

    // What DynamicSession writes after the prompt: `count` characters.
    private static string Continue(DynamicModel model, string prompt, int count, SamplingOptions options)
    {
        DynamicSession session = model.CreateSession(options);
        session.Feed(prompt);
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append(session.Next().ToString());
        }

        return text.ToString();
    }
}
