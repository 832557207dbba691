namespace CharRnn;

/// <summary>
/// The names of the public enums, for the records that print them: <c>Enum.ToString</c> reads metadata by reflection,
/// which a NativeAOT app would otherwise carry (with the type loader) just in case a record is printed.
/// </summary>
internal static class EnumNames
{
    public static string Of(UnknownCharacterPolicy policy) => policy switch
    {
        UnknownCharacterPolicy.Refuse => nameof(UnknownCharacterPolicy.Refuse),
        UnknownCharacterPolicy.Skip => nameof(UnknownCharacterPolicy.Skip),
        UnknownCharacterPolicy.Replace => nameof(UnknownCharacterPolicy.Replace),
        _ => ((int)policy).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string Of(StopReason reason) => reason switch
    {
        StopReason.Length => nameof(StopReason.Length),
        StopReason.StopCharacter => nameof(StopReason.StopCharacter),
        StopReason.StopText => nameof(StopReason.StopText),
        _ => ((int)reason).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
