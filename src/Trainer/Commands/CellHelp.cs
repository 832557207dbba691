using System.Globalization;
using CharRnn.Cells;

namespace CharRnn.Training.Commands;

/// <summary>
/// The help texts that name the cells or their defaults, written from the catalog (<see cref="CellCatalog"/>) and the
/// cells' training defaults (<see cref="TrainingOptions"/>), so that a new cell shows up in them by itself.
/// </summary>
internal static class CellHelp
{
    /// <summary>Every cell, in the catalog's order.</summary>
    public static IReadOnlyList<CellType> Cells { get; } = [.. CellCatalog.All.Select(description => description.Type)];

    /// <summary>The cell names joined by <paramref name="separator"/>, e.g. <c>rnn|lstm|gru</c> for a help name.</summary>
    public static string Names(string separator) => string.Join(separator, CellCatalog.All.Select(description => description.Name));

    /// <summary>The cell names as a sentence ends them: <c>rnn, lstm or gru</c>.</summary>
    public static string NamesInProse() => Listed(CellCatalog.All.Select(description => description.Name), "or");

    /// <summary>
    /// A per-cell default, the cells with one value named together in the catalog's order of their first:
    /// <c>rnn 25, lstm and gru 50</c>.
    /// </summary>
    public static string PerCell<TValue>(Func<CellType, TValue> value)
        where TValue : IFormattable =>
        string.Join(", ", Groups(value).Select(group => $"{Listed(group.Select(CellCatalog.Name), "and")} {Format(group.Key)}"));

    /// <summary>
    /// A per-cell default as the value most cells share, then the cells that differ: <c>0.003 (gru 0.002)</c>; just
    /// the value when every cell shares it.
    /// </summary>
    public static string CommonAndExceptions<TValue>(Func<CellType, TValue> value)
        where TValue : IFormattable
    {
        List<IGrouping<TValue, CellType>> groups = [.. Groups(value)];
        IGrouping<TValue, CellType> common = groups.MaxBy(group => group.Count())!;
        string[] others = [.. groups.Where(group => group != common)
            .SelectMany(group => group.Select(cell => $"{CellCatalog.Name(cell)} {Format(group.Key)}"))];
        return others.Length == 0 ? Format(common.Key) : $"{Format(common.Key)} ({string.Join(", ", others)})";
    }

    private static IEnumerable<IGrouping<TValue, CellType>> Groups<TValue>(Func<CellType, TValue> value) =>
        Cells.GroupBy(value);

    private static string Format(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    // "a", "a and b", "a, b and c".
    private static string Listed(IEnumerable<string> items, string conjunction)
    {
        string[] all = [.. items];
        return all.Length == 1 ? all[0] : $"{string.Join(", ", all[..^1])} {conjunction} {all[^1]}";
    }
}
