using System.Globalization;
using Xunit.Abstractions;
using CharRnn.Cells;
using CharRnn.Inference;
using CharRnn.Training.Interop;

namespace CharRnn.Trainer.Tests.Interop;

/// <summary>
/// The libtorch fixtures (<c>tests/fixtures/pytorch/</c>, see its README): each PyTorch model imported, then run by
/// CharRnn from zero state over the fixture's inputs; every logit within 1e-5 of libtorch's at every step, and the
/// greedy continuation (argmax, lowest id on ties) the same ids as libtorch's.
/// </summary>
public sealed class PyTorchFixtureTests(ITestOutputHelper log) : IDisposable
{
    private const double Tolerance = 1e-5;

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string FixtureRoot => Path.Combine(Repository.Root, "tests", "fixtures", "pytorch");

    private static string[] FixtureNames() =>
        [.. Directory.GetDirectories(FixtureRoot).Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Fixtures => [.. FixtureNames()];

    [Fact]
    public void Every_cell_has_a_fixture_for_1_to_4_layers_and_one_with_an_embedding()
    {
        string[] expected = [.. new[] { "rnn", "lstm", "gru" }
            .SelectMany(cell => Enumerable.Range(1, 4).Select(layers => $"{cell}-{layers}l").Append($"{cell}-2l-embed"))
            .Order(StringComparer.Ordinal)];
        Assert.Equal(expected, FixtureNames());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_imported_model_gives_libtorchs_logits_and_greedy_text(string fixture)
    {
        string directory = Path.Combine(FixtureRoot, fixture);
        ModelFile model = Import(directory);
        string[] parts = fixture.Split('-');
        Assert.Equal((parts[0], int.Parse(parts[1].TrimEnd('l'))), (CellCatalog.Name(model.Cell), model.Layers));

        double largest = AssertMatchesLibtorch(model, directory);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fixture}: largest logit difference {largest:E2}"));
    }

    private ModelFile Import(string directory)
    {
        string outPath = _files.PathOf("imported.charrnn");
        (int exit, _, string error) = CliTests.Run("import", "--state-dict", Path.Combine(directory, "model.safetensors"),
            "--vocab", Path.Combine(directory, "vocab.json"), "--out", outPath);
        Assert.True(exit == 0, error);
        return ModelFiles.Load(outPath);
    }

    /// <summary>
    /// Runs <paramref name="model"/> over the fixture's inputs and greedy continuation, in PyTorch's ids, and returns
    /// the largest logit difference from libtorch's.
    /// </summary>
    internal static double AssertMatchesLibtorch(ModelFile model, string directory)
    {
        SafetensorsFileContents expected = SafetensorsReader.Read(Path.Combine(directory, "expected.safetensors"), "expected");
        long[] inputs = expected.Find("inputs")!.Int64s(), greedy = expected.Find("greedy")!.Int64s();
        float[] logits = expected.Find("logits")!.Float32s();
        int[] torchCharacters = VocabularyFile.Read(Path.Combine(directory, "vocab.json"), "--vocab");
        int v = torchCharacters.Length;
        Assert.Equal([inputs.Length, v], expected.Find("logits")!.Shape.Select(d => (int)d));

        // CharRnn's id of each PyTorch id: the position of its character in the model's sorted vocabulary.
        int[] ours = [.. torchCharacters.Select(scalar => model.Vocabulary.IndexOf(scalar))];
        var dynamic = new DynamicModel(model);
        DynamicState state = dynamic.CreateState();
        var output = new float[v];
        double largest = 0;
        for (int step = 0; step < inputs.Length; step++)
        {
            dynamic.Step(ours[inputs[step]], state);
            dynamic.Output(state, output);
            for (int id = 0; id < v; id++)
            {
                double difference = Math.Abs(output[ours[id]] - logits[step * v + id]);
                largest = Math.Max(largest, difference);
                Assert.True(difference <= Tolerance,
                    $"{Path.GetFileName(directory)}: step {step}, id {id}: CharRnn {output[ours[id]]:R}, libtorch {logits[step * v + id]:R}");
            }
        }

        var continuation = new long[greedy.Length];
        for (int i = 0; i < continuation.Length; i++)
        {
            int best = 0;
            for (int id = 1; id < v; id++)
            {
                best = output[ours[id]] > output[ours[best]] ? id : best;
            }

            continuation[i] = best;
            dynamic.Step(ours[best], state);
            dynamic.Output(state, output);
        }

        Assert.Equal(greedy, continuation);
        return largest;
    }
}
