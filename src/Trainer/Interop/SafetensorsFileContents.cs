namespace CharRnn.Training.Interop;

/// <summary>What a safetensors file holds: its tensors in header order, and its <c>__metadata__</c> strings.</summary>
internal sealed record SafetensorsFileContents(IReadOnlyList<SafetensorsTensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The tensor named <paramref name="name"/>, or null.</summary>
    public SafetensorsTensor? Find(string name) => Tensors.FirstOrDefault(tensor => tensor.Name == name);
}
