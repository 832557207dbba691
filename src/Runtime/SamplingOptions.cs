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

    /// <summary>
    /// Only these characters may be drawn (the prompt is not affected); null for no such limit. Every character must be
    /// in the model's vocabulary. Not together with <see cref="DeniedCharacters"/>.
    /// </summary>
    public string? AllowedCharacters { get; init; }

    /// <summary>
    /// These characters are never drawn (the prompt is not affected); null for none. Every character must be in the
    /// model's vocabulary, and at least one of the vocabulary's must stay drawable.
    /// </summary>
    public string? DeniedCharacters { get; init; }

    /// <summary>What feeding a prompt does with a character outside the vocabulary; refusing it is the default.</summary>
    public UnknownCharacterPolicy UnknownCharacters { get; init; }

    /// <summary>The character fed in place of an unknown one under <see cref="UnknownCharacterPolicy.Replace"/>; must be in the vocabulary.</summary>
    public System.Text.Rune Replacement { get; init; }

    /// <summary>
    /// These options with the seed of sample <paramref name="index"/> of a series: sample 0 keeps <see cref="Seed"/>,
    /// and each other sample gets its own stream derived from (seed, index), so sample 7 is the same text whether 8 or
    /// 800 were drawn (docs/determinism.md, "Many samples").
    /// </summary>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public SamplingOptions ForSample(int index)
    {
        System.ArgumentOutOfRangeException.ThrowIfNegative(index);
        return this with { Seed = SampleSeeds.Derive(Seed, index) };
    }

    /// <summary>Whether every option is the same.</summary>
    // Equality, hashing and printing are written out: the compiler's versions compare an enum through
    // EqualityComparer<T>.Default and print it by reflection, which pull the type loader into every NativeAOT app.
    public bool Equals(SamplingOptions other) =>
        Seed == other.Seed && Temperature.Equals(other.Temperature) && TopK == other.TopK && Greedy == other.Greedy
        && AllowedCharacters == other.AllowedCharacters && DeniedCharacters == other.DeniedCharacters
        && UnknownCharacters == other.UnknownCharacters && Replacement == other.Replacement;

    /// <inheritdoc/>
    public override int GetHashCode() => System.HashCode.Combine(
        Seed, Temperature, TopK, Greedy, AllowedCharacters, DeniedCharacters, (int)UnknownCharacters, Replacement);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"Seed = {Seed}, Temperature = {Temperature}, TopK = {TopK}, Greedy = {Greedy}, AllowedCharacters = {AllowedCharacters}, ");
        builder.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"DeniedCharacters = {DeniedCharacters}, UnknownCharacters = {EnumNames.Of(UnknownCharacters)}, Replacement = {Replacement}");
        return true;
    }

    /// <summary>Throws when an option is out of range, naming it and the allowed values.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="System.ArgumentException">Both an allowed and a denied set are given.</exception>
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

        // A range check, not Enum.IsDefined: that allocates its lookup on first use, and sessions allocate nothing.
        if (UnknownCharacters is not (UnknownCharacterPolicy.Refuse or UnknownCharacterPolicy.Skip or UnknownCharacterPolicy.Replace))
        {
            throw new System.ArgumentOutOfRangeException(
                nameof(UnknownCharacters), (int)UnknownCharacters, "UnknownCharacters must be Refuse, Skip or Replace.");
        }

        if (AllowedCharacters is not null && DeniedCharacters is not null)
        {
            throw new System.ArgumentException(
                "Both AllowedCharacters and DeniedCharacters are set; give one of them (the allowed set, or the denied set).");
        }
    }
}
