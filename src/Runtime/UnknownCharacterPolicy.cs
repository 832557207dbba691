namespace CharRnn;

/// <summary>What feeding a prompt does with a character the model's vocabulary lacks.</summary>
public enum UnknownCharacterPolicy
{
    /// <summary>Throw an <see cref="System.ArgumentException"/> naming the character and its index (the default).</summary>
    Refuse = 0,

    /// <summary>Leave the character out: the model never sees it.</summary>
    Skip = 1,

    /// <summary>Feed <see cref="SamplingOptions.Replacement"/> in its place.</summary>
    Replace = 2,
}
