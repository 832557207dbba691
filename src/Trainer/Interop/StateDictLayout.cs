using System.Globalization;
using System.Text.RegularExpressions;

namespace CharRnn.Training.Interop;

/// <summary>One recurrent layer of a PyTorch state dict: its two matrices and, unless the module had bias=False, its two biases.</summary>
internal sealed record RecurrentLayerTensors(SafetensorsTensor InputWeights, SafetensorsTensor HiddenWeights,
    SafetensorsTensor? InputBias, SafetensorsTensor? HiddenBias);

/// <summary>
/// The parts of a PyTorch character model found in a state dict by their names (docs/interop.md): the recurrent
/// tensors <c>…weight_ih_l{k}</c>, <c>…weight_hh_l{k}</c>, <c>…bias_ih_l{k}</c>, <c>…bias_hh_l{k}</c> under one
/// prefix; the readout, the 2-D <c>X.weight</c> with its <c>X.bias</c>; and optionally the embedding, a 2-D
/// <c>Y.weight</c> with no bias. Module prefixes are the user's own, so only the names' endings count.
/// </summary>
internal sealed partial record StateDictLayout(string Prefix, IReadOnlyList<RecurrentLayerTensors> Layers,
    SafetensorsTensor? Embedding, SafetensorsTensor ReadoutWeight, SafetensorsTensor ReadoutBias)
{
    [GeneratedRegex(@"^(?<prefix>.*?)(?<kind>weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(?<layer>0|[1-9][0-9]{0,2})(?<reverse>_reverse)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RecurrentName();

    /// <summary>Finds the parts, refusing, by name, any tensor that is not float32 or that the importer does not understand.</summary>
    /// <exception cref="ImportException">A tensor is of another dtype, unknown, missing, or of a module CharRnn has no counterpart for.</exception>
    public static StateDictLayout Recognize(SafetensorsFileContents contents)
    {
        string? prefix = null;
        var recurrent = new Dictionary<(string Kind, int Layer), SafetensorsTensor>();
        var weights = new List<SafetensorsTensor>();
        var biases = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (SafetensorsTensor tensor in contents.Tensors)
        {
            if (tensor.DType != "F32")
            {
                throw new ImportException($"tensor '{tensor.Name}' is {tensor.DType}; the importer reads float32 only: convert the model with model.float() before saving its state dict");
            }

            Match match = RecurrentName().Match(tensor.Name);
            if (match.Success)
            {
                if (match.Groups["reverse"].Success)
                {
                    throw new ImportException($"tensor '{tensor.Name}' belongs to a bidirectional layer; CharRnn's layers run forward only: train with bidirectional=False");
                }

                if (match.Groups["kind"].Value == "weight_hr")
                {
                    throw new ImportException($"tensor '{tensor.Name}' is an LSTM projection (proj_size); CharRnn has none: train with proj_size=0");
                }

                string own = match.Groups["prefix"].Value;
                if (prefix is not null && own != prefix)
                {
                    throw new ImportException($"tensor '{tensor.Name}' is under '{own}' but other recurrent tensors are under '{prefix}'; the importer takes one recurrent module: remove the other");
                }

                prefix = own;
                int layer = int.Parse(match.Groups["layer"].Value, CultureInfo.InvariantCulture);
                RequireRank(tensor, match.Groups["kind"].Value.StartsWith("weight", StringComparison.Ordinal) ? 2 : 1);
                recurrent.Add((match.Groups["kind"].Value, layer), tensor);
            }
            else if (ModuleOf(tensor.Name, "weight") is not null && tensor.Shape.Length == 2)
            {
                weights.Add(tensor);
            }
            else if (ModuleOf(tensor.Name, "bias") is { } module && tensor.Shape.Length == 1)
            {
                biases.Add(module, tensor);
            }
            else
            {
                throw Unknown(tensor);
            }
        }

        if (prefix is null)
        {
            throw new ImportException("the state dict holds no recurrent layer: expected tensors named like 'rnn.weight_ih_l0' and 'rnn.weight_hh_l0' (nn.RNN, nn.LSTM or nn.GRU)");
        }

        (SafetensorsTensor readout, SafetensorsTensor readoutBias, SafetensorsTensor? embedding) = Modules(weights, biases);
        return new StateDictLayout(prefix, CompleteLayers(prefix, recurrent), embedding, readout, readoutBias);
    }

    /// <summary>The module name of <c>X.weight</c> (<c>X.</c>, or empty for a bare <c>weight</c>), or null for another name.</summary>
    private static string? ModuleOf(string name, string parameter) =>
        name == parameter ? "" : name.EndsWith("." + parameter, StringComparison.Ordinal) ? name[..^parameter.Length] : null;

    private static (SafetensorsTensor Readout, SafetensorsTensor Bias, SafetensorsTensor? Embedding) Modules(
        List<SafetensorsTensor> weights, Dictionary<string, SafetensorsTensor> biases)
    {
        SafetensorsTensor? readout = null, embedding = null;
        foreach (SafetensorsTensor weight in weights)
        {
            bool hasBias = biases.ContainsKey(ModuleOf(weight.Name, "weight")!);
            if (hasBias && readout is null)
            {
                readout = weight;
            }
            else if (!hasBias && embedding is null)
            {
                embedding = weight;
            }
            else
            {
                string what = hasBias ? "linear layer" : "weight without a bias (an embedding; a readout needs its bias: with bias=False, add a zero one)";
                throw new ImportException($"tensor '{weight.Name}' is a second {what} after '{(hasBias ? readout : embedding)!.Name}'; the importer takes an optional embedding, the recurrent layers and one linear readout: remove it");
            }
        }

        foreach ((string module, SafetensorsTensor bias) in biases)
        {
            if (readout is null || ModuleOf(readout.Name, "weight") != module)
            {
                throw Unknown(bias);
            }
        }

        if (readout is null)
        {
            throw new ImportException("the state dict holds no readout: expected a 2-D 'X.weight' [V, H] with its 'X.bias' [V] (an nn.Linear; with bias=False, add a zero 'X.bias')");
        }

        return (readout, biases[ModuleOf(readout.Name, "weight")!], embedding);
    }

    private static List<RecurrentLayerTensors> CompleteLayers(string prefix, Dictionary<(string Kind, int Layer), SafetensorsTensor> recurrent)
    {
        int layers = recurrent.Keys.Max(key => key.Layer) + 1;
        bool biased = recurrent.Keys.Any(key => key.Kind.StartsWith("bias", StringComparison.Ordinal));
        string[] kinds = biased ? ["weight_ih", "weight_hh", "bias_ih", "bias_hh"] : ["weight_ih", "weight_hh"];
        for (int layer = 0; layer < layers; layer++)
        {
            foreach (string kind in kinds)
            {
                if (!recurrent.ContainsKey((kind, layer)))
                {
                    string name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{kind}_l{layer}");
                    throw new ImportException($"tensor '{name}' is missing: the state dict has layer {layers - 1}, so it needs every tensor of layers 0 to {layers - 1}");
                }
            }
        }

        if (layers > ModelFormat.ModelSchema.MaxLayers)
        {
            throw new ImportException($"the state dict has {layers} recurrent layers ('{prefix}weight_ih_l{layers - 1}'); CharRnn models have 1 to {ModelFormat.ModelSchema.MaxLayers}");
        }

        SafetensorsTensor? Bias(string kind, int layer) => biased ? recurrent[(kind, layer)] : null;
        return [.. Enumerable.Range(0, layers).Select(layer => new RecurrentLayerTensors(recurrent[("weight_ih", layer)],
            recurrent[("weight_hh", layer)], Bias("bias_ih", layer), Bias("bias_hh", layer)))];
    }

    private static void RequireRank(SafetensorsTensor tensor, int rank)
    {
        if (tensor.Shape.Length != rank)
        {
            throw new ImportException($"tensor '{tensor.Name}' is {tensor.ShapeText}; it must be {(rank == 2 ? "a matrix" : "a vector")}, as PyTorch writes it");
        }
    }

    private static ImportException Unknown(SafetensorsTensor tensor) =>
        new($"tensor '{tensor.Name}' {tensor.ShapeText} is not part of a model the importer knows (an optional nn.Embedding, nn.RNN/nn.LSTM/nn.GRU, one nn.Linear readout): remove it from the state dict");
}
