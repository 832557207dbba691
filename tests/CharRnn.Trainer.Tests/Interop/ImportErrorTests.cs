using System.Text;

namespace CharRnn.Trainer.Tests.Interop;

/// <summary>
/// <c>charrnn import</c> refusing what it cannot use: one line naming the problem (and the tensor or entry), exit 1
/// (2 for a bad command line), nothing on stdout and no model written.
/// </summary>
public sealed class ImportErrorTests : IDisposable
{
    private static readonly int[] Vocabulary = ['\n', ' ', 'a', 'b', 'c'];
    private static readonly int[] Identity = [0, 1, 2, 3, 4];
    private static readonly string VocabularyJson = "[\"\\n\", \" \", \"a\", \"b\", \"c\"]";

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static StateDictFile Gru(int layers = 2, bool embedding = false) =>
        PyTorchStateDict.From(PyTorchStateDict.RandomModel(CellType.Gru, layers, 3, Vocabulary), Identity, embedding);

    /// <summary>Runs the import of these bytes and vocabulary, checks the one-line refusal, and returns the line.</summary>
    private string Refused(byte[] stateDict, string? vocabularyJson = null, int exitCode = 1, params string[] extra)
    {
        string statePath = _files.Write("model.safetensors", stateDict);
        string vocabPath = _files.Write("vocab.json", vocabularyJson ?? VocabularyJson);
        string outPath = _files.PathOf("imported.charrnn");
        (int exit, string output, string error) = CliTests.Run(["import", "--state-dict", statePath, "--vocab", vocabPath, "--out", outPath, .. extra]);
        Assert.Equal(exitCode, exit);
        Assert.Equal("", output);
        Assert.StartsWith("charrnn: error: ", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", error);
        Assert.False(File.Exists(outPath));
        return error;
    }

    private string Refused(StateDictFile stateDict, string? vocabularyJson = null) => Refused(stateDict.Encode(), vocabularyJson);

    [Fact]
    public void A_good_state_dict_imports_so_each_refusal_below_is_the_change_it_makes()
    {
        ImportTests.Import(_files, Gru(), VocabularyJson);
        ImportTests.Import(_files, Gru(embedding: true), VocabularyJson);
    }

    [Fact]
    public void A_truncated_file_is_refused()
    {
        byte[] whole = Gru().Encode();
        Assert.Contains("truncated", Refused(whole[..^3]));
        Assert.Contains("truncated", Refused(whole[..40]));
        Assert.Contains("too short", Refused(whole[..5]));
    }

    [Fact]
    public void A_file_that_is_not_safetensors_is_refused()
    {
        Assert.Contains("not a safetensors file (this looks like a torch.save checkpoint",
            Refused(Encoding.UTF8.GetBytes("PK\u0003\u0004 a zip archive, as torch.save writes, is not a safetensors file")));
        Assert.EndsWith("not a safetensors file\n", Refused(Encoding.UTF8.GetBytes("plain text is not a safetensors file")));
        Assert.Contains("not a safetensors file", Refused(StateDictFile.WithHeader("[1, 2, 3]", [])));
        Assert.Contains("not valid UTF-8 JSON", Refused(StateDictFile.WithHeader("{\"a\": ", [])));
    }

    [Fact]
    public void A_header_that_lies_about_sizes_is_refused()
    {
        StateDictFile stateDict = Gru();
        long whhBytes = stateDict["rnn.weight_hh_l0"].Bytes.Length, dataBytes = stateDict.Entries.Sum(e => e.Bytes.Length);
        Assert.Contains("'head.bias' ends at byte", Refused(stateDict.Encode(new Dictionary<string, long[]> { ["head.bias"] = [dataBytes - 20, dataBytes + 4] })));
        Assert.Contains("overlap", Refused(stateDict.Encode(new Dictionary<string, long[]> { ["rnn.weight_hh_l0"] = [0, whhBytes] })));
        Assert.Contains("after the last tensor", Refused(StateDictFile.WithHeader(Header(stateDict), [.. Data(stateDict), 0, 0, 0, 0])));

        // Shape × dtype disagreeing with the byte range: the shape claims one more row than the bytes hold.
        StateDictFile.Entry whh = stateDict["rnn.weight_hh_l0"];
        stateDict.Replace(whh.Name, whh with { Shape = [whh.Shape[0] + 1, whh.Shape[1]] });
        Assert.Contains($"tensor 'rnn.weight_hh_l0' is F32 [10, 3], 120 bytes, but its data_offsets span {whhBytes}", Refused(stateDict));
    }

    private static string Header(StateDictFile stateDict)
    {
        byte[] file = stateDict.Encode();
        return Encoding.UTF8.GetString(file, 8, (int)BitConverter.ToUInt64(file)).TrimEnd(' ');
    }

    private static byte[] Data(StateDictFile stateDict) => [.. stateDict.Entries.SelectMany(entry => entry.Bytes)];

    [Theory]
    [InlineData("F16", 2)]
    [InlineData("BF16", 2)]
    [InlineData("F64", 8)]
    public void A_tensor_of_another_dtype_is_named_with_the_fix(string dtype, int size)
    {
        StateDictFile stateDict = Gru();
        StateDictFile.Entry whh = stateDict["rnn.weight_hh_l1"];
        stateDict.Replace(whh.Name, whh with { DType = dtype, Bytes = new byte[whh.Bytes.Length / 4 * size] });
        string error = Refused(stateDict);
        Assert.Contains($"tensor 'rnn.weight_hh_l1' is {dtype}", error);
        Assert.Contains("float32", error);
    }

    [Fact]
    public void A_vocabulary_that_disagrees_with_a_tensor_names_the_tensor()
    {
        string shorter = "[\"\\n\", \" \", \"a\", \"b\"]";
        Assert.Contains("tensor 'rnn.weight_ih_l0' is [9, 5], not [9, 4]", Refused(Gru(), shorter));
        Assert.Contains("tensor 'embedding.weight' is [5, 6], not [4, 6]", Refused(Gru(embedding: true), shorter));

        StateDictFile stateDict = Gru(embedding: true);
        StateDictFile.Entry head = stateDict["head.weight"];
        stateDict.Replace(head.Name, head with { Shape = [4, 3], Bytes = head.Bytes[..(4 * 3 * 4)] });
        Assert.Contains("tensor 'head.weight' is [4, 3], not [5, 3]", Refused(stateDict));
    }

    [Fact]
    public void A_missing_or_extra_tensor_is_named()
    {
        Assert.Contains("tensor 'rnn.bias_hh_l1' is missing", Refused(Gru().Remove("rnn.bias_hh_l1")));
        Assert.Contains("tensor 'rnn.weight_ih_l0' is missing", Refused(Gru().Remove("rnn.weight_ih_l0")));
        Assert.Contains("no readout", Refused(Gru().Remove("head.bias").Remove("head.weight")));
        Assert.Contains("tensor 'norm.bias' [3] is not part of a model", Refused(Gru().AddFloats("norm.bias", [3], [1, 2, 3])));
        Assert.Contains("tensor 'step' [] is not part of a model", Refused(Gru().AddFloats("step", [], [1])));
        Assert.Contains("tensor 'decoder.weight' is a second linear layer after 'head.weight'",
            Refused(Gru().AddFloats("decoder.weight", [1, 1], [1]).AddFloats("decoder.bias", [1], [1])));
        Assert.Contains("tensor 'other.embedding.weight' is a second weight without a bias (an embedding; a readout needs its bias",
            Refused(Gru(embedding: true).AddFloats("other.embedding.weight", [1, 1], [1])));
        Assert.Contains("tensor 'other.weight_ih_l0' is under 'other.'",
            Refused(Gru().AddFloats("other.weight_ih_l0", [1, 1], [1])));
    }

    [Fact]
    public void Bidirectional_and_projected_layers_are_refused_by_name()
    {
        string reverse = Refused(Gru().AddFloats("rnn.weight_ih_l0_reverse", [9, 5], new float[45]));
        Assert.Contains("tensor 'rnn.weight_ih_l0_reverse' belongs to a bidirectional layer", reverse);
        string projection = Refused(PyTorchStateDict.From(PyTorchStateDict.RandomModel(CellType.Lstm, 1, 3, Vocabulary), Identity)
            .AddFloats("rnn.weight_hr_l0", [2, 3], new float[6]));
        Assert.Contains("tensor 'rnn.weight_hr_l0' is an LSTM projection (proj_size)", projection);
    }

    [Fact]
    public void Layers_must_run_from_0_without_a_gap_and_number_at_most_4()
    {
        StateDictFile gap = Gru(3);
        foreach (string kind in new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" })
        {
            gap.Remove($"rnn.{kind}_l1");
        }

        Assert.Contains("tensor 'rnn.weight_ih_l1' is missing", Refused(gap));

        StateDictFile five = Gru(4);
        foreach (string kind in new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" })
        {
            StateDictFile.Entry entry = five[$"rnn.{kind}_l3"];
            five.Add(entry with { Name = $"rnn.{kind}_l4" });
        }

        Assert.Contains("the state dict has 5 recurrent layers", Refused(five));
    }

    [Fact]
    public void Inconsistent_hidden_sizes_name_the_tensor()
    {
        StateDictFile stateDict = Gru();
        stateDict.Replace("rnn.weight_hh_l1", new StateDictFile.Entry("rnn.weight_hh_l1", "F32", [12, 4], new byte[12 * 4 * 4]));
        Assert.Contains("tensor 'rnn.weight_hh_l1' is [12, 4], not [9, 3]: layer 0 has hidden size 3", Refused(stateDict));

        StateDictFile gates = Gru();
        gates.Replace("rnn.weight_hh_l0", new StateDictFile.Entry("rnn.weight_hh_l0", "F32", [6, 3], new byte[6 * 3 * 4]));
        Assert.Contains("tensor 'rnn.weight_hh_l0' is [6, 3]: its rows must be 1 (nn.RNN), 4 (nn.LSTM) or 3 (nn.GRU) times its columns", Refused(gates));
    }

    [Theory]
    [InlineData("{\"0\": \"a\"}", "not a JSON array")]
    [InlineData("[\"\\n\", \" \", \"a\", \"b\", ", "not valid JSON")]
    [InlineData("[\"\\n\", \" \", \"a\", \"b\", 99]", "entry 4 is 99, not a string")]
    [InlineData("[\"\\n\", \" \", \"a\", \"b\", \"cd\"]", "entry 4 is \"cd\", not one character")]
    [InlineData("[\"\\n\", \" \", \"a\", \"b\", \"\"]", "entry 4 is \"\", not one character")]
    [InlineData("[\"\\n\", \" \", \"a\", \"b\", \"\\ud800\"]", "entry 4 is \"\\ud800\", not one character")]
    [InlineData("[\"\\n\", \" \", \"a\", \"b\", \"a\"]", "entries 2 and 4 are both U+0061 'a'")]
    [InlineData("[]", "the array is empty")]
    public void A_vocabulary_that_is_not_an_array_of_distinct_characters_is_refused(string json, string message)
    {
        string error = Refused(Gru(), json);
        Assert.Contains("--vocab '", error);
        Assert.Contains(message, error);
    }

    [Fact]
    public void A_character_beyond_the_basic_plane_is_one_character()
    {
        int[] vocabulary = ['a', 0x1F600];
        ModelFile model = PyTorchStateDict.RandomModel(CellType.Rnn, 1, 2, vocabulary);
        Assert.Equal(vocabulary, ImportTests.Import(_files, PyTorchStateDict.From(model, [0, 1]), "[\"a\", \"\\ud83d\\ude00\"]").Vocabulary);
    }

    [Fact]
    public void A_cell_that_disagrees_with_the_weights_is_refused_and_an_unknown_one_is_a_command_line_error()
    {
        Assert.Contains("--cell is lstm, but 'rnn.weight_hh_l0' [9, 3] holds the gates of gru", Refused(Gru().Encode(), null, 1, "--cell", "lstm"));
        Assert.Contains("--cell is relu; it must be one of: rnn, lstm, gru", Refused(Gru().Encode(), null, 2, "--cell", "relu"));
    }

    [Fact]
    public void Out_may_not_be_an_input_and_missing_inputs_are_named()
    {
        string statePath = _files.Write("model.safetensors", Gru().Encode());
        string vocabPath = _files.Write("vocab.json", VocabularyJson);
        Assert.Contains("is the --state-dict file itself", CliTests.AssertFails("import", "--state-dict", statePath, "--vocab", vocabPath, "--out", statePath));
        Assert.Contains("--state-dict '" + _files.PathOf("absent") + "' does not exist",
            CliTests.AssertFails("import", "--state-dict", _files.PathOf("absent"), "--vocab", vocabPath, "--out", _files.PathOf("m.charrnn")));
        Assert.Contains("--vocab '" + _files.PathOf("absent") + "' does not exist",
            CliTests.AssertFails("import", "--state-dict", statePath, "--vocab", _files.PathOf("absent"), "--out", _files.PathOf("m.charrnn")));
        Assert.False(File.Exists(_files.PathOf("m.charrnn")));
    }
}
