using System.CommandLine;
using System.Globalization;

namespace CharRnn.Training.Commands;

/// <summary>
/// Options that parse their own text (invariant culture) and reject nonsense while parsing, with one message that
/// names the option, the value given and what it must be.
/// </summary>
internal static class Options
{
    /// <summary>Parses option text the invariant way.</summary>
    public delegate bool Parser<T>(string text, out T value);

    public static Option<string> RequiredPath(string name, string description)
    {
        Option<string> option = OptionalPath(name, description);
        option.Required = true;
        return option;
    }

    /// <summary>
    /// A file path. Empty or blank text is refused while parsing: no file has that name, and the path APIs would
    /// throw on it deep inside a command.
    /// </summary>
    public static Option<string> OptionalPath(string name, string description)
    {
        var option = new Option<string>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[^1].Value))
            {
                result.AddError($"{name} is empty or blank; it must be a file path");
            }
        });
        return option;
    }

    public static Option<int> Int(string name, int defaultValue, int minimum, int maximum, string description) =>
        Checked<int>(name, description, defaultValue, "a whole number", ParseInt, value => OutOfRange(value, minimum, maximum));

    /// <summary>A whole number whose default depends on other options: absent is null, for the caller to fill in.</summary>
    public static Option<int?> OptionalInt(string name, int minimum, int maximum, string description) =>
        Checked<int?>(name, description, null, "a whole number",
            (string text, out int? value) => (value = ParseInt(text, out int parsed) ? parsed : null) is not null,
            value => OutOfRange(value!.Value, minimum, maximum));

    // What a whole number outside its range should have been, or null when it is inside.
    private static string? OutOfRange(int value, int minimum, int maximum) =>
        value >= minimum && value <= maximum ? null : maximum == int.MaxValue ? $"at least {minimum}" : $"{minimum} to {maximum}";

    /// <summary>A positive whole number with no default: absent means "no limit".</summary>
    public static Option<long?> Limit(string name, string description) =>
        Checked<long?>(name, description, null, "a whole number",
            (string text, out long? value) => (value = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed : null) is not null,
            value => value >= 1 ? null : "at least 1");

    /// <summary>A finite real number strictly between two bounds.</summary>
    public static Option<double> Real(string name, double defaultValue, double exclusiveMinimum, double exclusiveMaximum, string description) =>
        Checked<double>(name, description, defaultValue, "a number", ParseDouble, value => RealProblem(value, exclusiveMinimum, exclusiveMaximum));

    /// <summary>Like <see cref="Real"/>, above a minimum, with no default value.</summary>
    public static Option<double?> OptionalReal(string name, double exclusiveMinimum, string description) =>
        Checked<double?>(name, description, null, "a number",
            (string text, out double? value) => (value = ParseDouble(text, out double parsed) ? parsed : null) is not null,
            value => RealProblem(value!.Value, exclusiveMinimum, double.PositiveInfinity));

    public static Option<ulong> Seed(ulong defaultValue, string description) =>
        Checked<ulong>("--seed", description, defaultValue, "a whole number from 0 to 18446744073709551615",
            (string text, out ulong value) => ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value),
            _ => null);

    /// <summary>
    /// An option whose value is parsed by <paramref name="parse"/> and then checked by <paramref name="requirement"/>,
    /// which returns what the value must be when it is not (for example "at least 1"), or null when it is fine.
    /// </summary>
    public static Option<T> Checked<T>(string name, string description, T? defaultValue, string kind, Parser<T> parse,
        Func<T, string?> requirement)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (!parse(text, out T value))
                {
                    result.AddError($"{name} is '{text}'; it must be {kind}");
                }
                else if (requirement(value) is { } must)
                {
                    result.AddError($"{name} is {text}; it must be {must}");
                }

                return value;
            },
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    public static bool ParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool ParseDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static string? RealProblem(double value, double exclusiveMinimum, double exclusiveMaximum) =>
        value > exclusiveMinimum && value < exclusiveMaximum && double.IsFinite(value) ? null
        : double.IsPositiveInfinity(exclusiveMaximum)
            ? string.Create(CultureInfo.InvariantCulture, $"a number greater than {exclusiveMinimum}")
            : string.Create(CultureInfo.InvariantCulture, $"a number between {exclusiveMinimum} and {exclusiveMaximum} (exclusive)");
}
