using CharRnn.Training.Interop;

namespace CharRnn.Generator.Tests;

/// <summary>
/// A model imported from PyTorch bakes like any other: each cell's embedding fixture (<c>tests/fixtures/pytorch/</c>),
/// imported by the importer's own code, baked, samples what <see cref="DynamicModel"/> samples for every option.
/// </summary>
public class ImportedModelBakingTests
{
    [Theory]
    [InlineData("rnn-2l-embed")]
    [InlineData("lstm-2l-embed")]
    [InlineData("gru-2l-embed")]
    public void A_baked_imported_fixture_samples_what_DynamicModel_does(string fixture)
    {
        string directory = Path.Combine(Repository.Root, "tests", "fixtures", "pytorch", fixture);
        StateDictLayout layout = StateDictLayout.Recognize(SafetensorsReader.Read(Path.Combine(directory, "model.safetensors"), "--state-dict"));
        int[] characters = VocabularyFile.Read(Path.Combine(directory, "vocab.json"), "--vocab");
        ModelFile model = PyTorchImport.ToModel(layout, characters, cell: null, TrainingFacts.None);

        // A prompt of the fixture's own characters, in PyTorch's id order.
        string prompt = string.Concat(characters.Take(12).Select(char.ConvertFromUtf32));
        ParityTests.AssertSameTextAsDynamicModel(model, ["", prompt]);
    }
}
