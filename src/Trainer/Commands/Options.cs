using System.CommandLine;
using System.Globalization;

namespace CharRnn.Training.Commands;

/// <summary>Options that reject nonsense values while parsing, with a message that names the option and the range.</summary>
internal static class Options
{
    public static Option<string> RequiredPath(string name, string description) =>
        new(name) { Description = description, Required = true };

    public static Option<int> Int(string name, int defaultValue, int minimum, int maximum, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result => CheckRange(result, name, result.GetValueOrDefault<int>(), minimum, maximum));
        return option;
    }

    /// <summary>A whole number with no default: absent means "no limit".</summary>
    public static Option<long?> Limit(string name, string description)
    {
        var option = new Option<long?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is { } value)
            {
                CheckRange(result, name, value, 1, long.MaxValue);
            }
        });
        return option;
    }

    /// <summary>A finite real number above <paramref name="exclusiveMinimum"/> (and below <paramref name="exclusiveMaximum"/>).</summary>
    public static Option<double> Real(string name, double defaultValue, double exclusiveMinimum, double exclusiveMaximum, string description)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result => CheckReal(result, name, result.GetValueOrDefault<double>(), exclusiveMinimum, exclusiveMaximum));
        return option;
    }

    /// <summary>Like <see cref="Real"/> with no default value.</summary>
    public static Option<double?> OptionalReal(string name, double exclusiveMinimum, string description)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value)
            {
                CheckReal(result, name, value, exclusiveMinimum, double.PositiveInfinity);
            }
        });
        return option;
    }

    public static Option<ulong> Seed(ulong defaultValue, string description) =>
        new("--seed") { Description = description, DefaultValueFactory = _ => defaultValue };

    private static void CheckRange(System.CommandLine.Parsing.OptionResult result, string name, long value, long minimum, long maximum)
    {
        if (value < minimum || value > maximum)
        {
            string range = maximum == long.MaxValue || maximum == int.MaxValue ? $"at least {minimum}" : $"{minimum} to {maximum}";
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it must be {range}"));
        }
    }

    private static void CheckReal(System.CommandLine.Parsing.OptionResult result, string name, double value, double exclusiveMinimum, double exclusiveMaximum)
    {
        if (!(value > exclusiveMinimum && value < exclusiveMaximum) || !double.IsFinite(value))
        {
            string range = double.IsPositiveInfinity(exclusiveMaximum)
                ? $"a number greater than {exclusiveMinimum}"
                : $"a number between {exclusiveMinimum} and {exclusiveMaximum} (exclusive)";
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it must be {range}"));
        }
    }
}
