using System.Globalization;

namespace CharRnn.Training.Course;

/// <summary>A comma-separated list of sizes, such as <c>8,64,256</c>: each a whole number in range, each once.</summary>
internal static class SizeList
{
    /// <summary>
    /// Parses <paramref name="text"/>; returns null and sets <paramref name="problem"/> to what is wrong with it
    /// (phrased to follow "<c>--option</c>"), or returns the sizes in the order given.
    /// </summary>
    public static int[]? Parse(string text, int minimum, int maximum, out string? problem)
    {
        string example = "such as 8,64,256";
        string[] items = text.Split(',');
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = $"is empty; give sizes separated by commas, {example}";
            return null;
        }

        var sizes = new List<int>(items.Length);
        foreach (string item in items)
        {
            string trimmed = item.Trim();
            if (trimmed.Length == 0)
            {
                problem = $"'{text}' has an empty entry; give sizes separated by single commas, {example}";
                return null;
            }

            if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long size))
            {
                problem = $"'{text}' has '{trimmed}', which is not a whole number; give sizes separated by commas, {example}";
                return null;
            }

            if (size < minimum || size > maximum)
            {
                problem = string.Create(CultureInfo.InvariantCulture,
                    $"'{text}' has {size}; each size must be {minimum} to {maximum}");
                return null;
            }

            if (sizes.Contains((int)size))
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"'{text}' lists {size} twice; give each size once");
                return null;
            }

            sizes.Add((int)size);
        }

        problem = null;
        return [.. sizes];
    }
}
