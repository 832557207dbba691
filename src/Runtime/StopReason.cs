namespace CharRnn;

/// <summary>Why a generation with a <see cref="StopCondition"/> ended.</summary>
public enum StopReason
{
    /// <summary>
    /// <see cref="StopCondition.MaxLength"/> characters were drawn, or the destination could not take the next one.
    /// </summary>
    Length = 0,

    /// <summary>One of <see cref="StopCondition.Characters"/> was drawn.</summary>
    StopCharacter = 1,

    /// <summary>The output came to end with <see cref="StopCondition.Text"/>.</summary>
    StopText = 2,
}
