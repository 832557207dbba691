namespace CharRnn;

/// <summary>How the next character is chosen from the model's output.</summary>
/// <remarks>
/// The same model, prompt, options and <see cref="Seed"/> give the same characters on every machine; see
/// <c>docs/determinism.md</c> for the exact algorithm.
/// </remarks>
public readonly record struct SamplingOptions
{
    /// <summary>Creates options with temperature 1, top-k off and sampling (not greedy).</summary>
    public SamplingOptions()
    {
    }

    /// <summary>The seed of the random stream (any value, 0 included).</summary>
    public ulong Seed { get; init; }

    /// <summary>Divides the logits before the softmax: below 1 sharper, above 1 more random. Must be finite and &gt; 0.</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Keep only the K most likely characters (ties go to the lower id); 0 turns it off.</summary>
    public int TopK { get; init; }

    /// <summary>Always take the most likely character (the lowest id on ties); no random numbers are drawn.</summary>
    public bool Greedy { get; init; }

    /// <summary>Throws when an option is out of range, naming it and the allowed values.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (!(Temperature > 0f) || float.IsInfinity(Temperature))
        {
            throw new System.ArgumentOutOfRangeException(
                nameof(Temperature), Temperature, "Temperature must be a finite number greater than 0 (try 0.5 to 1.0).");
        }

        if (TopK < 0)
        {
            throw new System.ArgumentOutOfRangeException(
                nameof(TopK), TopK, "TopK must be 0 (off) or a positive number of characters.");
        }
    }
}
