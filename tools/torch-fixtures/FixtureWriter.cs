using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;

namespace CharRnn.TorchFixtures;

/// <summary>Writes a fixture's directory: model.safetensors, vocab.json and expected.safetensors.</summary>
internal static class FixtureWriter
{
    public static void Write(string directory, FixtureSpec spec, CharModel model, string vocabulary, Expectation expected)
    {
        Dictionary<string, torch.Tensor> state = model.state_dict();
        CheckAgainstContract(spec, state);
        Directory.CreateDirectory(directory);
        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), state.Select(pair =>
            SafetensorsTensor.Float32(pair.Key, pair.Value.shape, pair.Value.contiguous().data<float>().ToArray())));

        // Readable: the characters themselves, not \u escapes, wherever JSON allows it.
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllText(Path.Combine(directory, "vocab.json"), JsonSerializer.Serialize(vocabulary.Select(c => c.ToString()), options) + "\n");

        int v = vocabulary.Length;
        SafetensorsWriter.Write(Path.Combine(directory, "expected.safetensors"),
        [
            SafetensorsTensor.Int64("inputs", expected.Inputs),
            SafetensorsTensor.Float32("logits", [expected.Logits.Length, v], [.. expected.Logits.SelectMany(row => row)]),
            SafetensorsTensor.Int64("greedy", expected.Greedy),
        ]);
    }

    /// <summary>
    /// The state dict must hold exactly the tensors issue 21's contract names, with its shapes and as float32: the
    /// importer's tests rely on it, so a TorchSharp that named or shaped them otherwise must not write a fixture.
    /// </summary>
    private static void CheckAgainstContract(FixtureSpec spec, Dictionary<string, torch.Tensor> state)
    {
        long gates = spec.Cell switch { Cell.Lstm => 4, Cell.Gru => 3, _ => 1 } * spec.HiddenSize;
        var expected = new Dictionary<string, long[]>
        {
            ["head.weight"] = [spec.VocabularySize, spec.HiddenSize],
            ["head.bias"] = [spec.VocabularySize],
        };
        if (spec.HasEmbedding)
        {
            expected["embedding.weight"] = [spec.VocabularySize, spec.EmbeddingSize];
        }

        for (int k = 0; k < spec.Layers; k++)
        {
            long input = k > 0 ? spec.HiddenSize : spec.HasEmbedding ? spec.EmbeddingSize : spec.VocabularySize;
            expected[$"rnn.weight_ih_l{k}"] = [gates, input];
            expected[$"rnn.weight_hh_l{k}"] = [gates, spec.HiddenSize];
            expected[$"rnn.bias_ih_l{k}"] = [gates];
            expected[$"rnn.bias_hh_l{k}"] = [gates];
        }

        string Describe(IEnumerable<KeyValuePair<string, long[]>> tensors) =>
            string.Join(", ", tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} [{string.Join(",", t.Value)}]"));
        string actual = Describe(state.Select(pair => KeyValuePair.Create(pair.Key, pair.Value.dtype == torch.ScalarType.Float32 ? pair.Value.shape : [-1])));
        if (actual != Describe(expected))
        {
            throw new InvalidDataException($"{spec.Name}: the state dict is {actual}; the contract wants {Describe(expected)}");
        }
    }
}
