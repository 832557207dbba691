using System.Reflection;
using Microsoft.CodeAnalysis;

namespace CharRnn.Generator.Tests;

/// <summary>
/// Every diagnostic the generator can report is documented, with its title, and listed under its id in the shipped
/// releases or, until the next release, the unshipped one.
/// </summary>
public class DiagnosticDocsTests
{
    public static TheoryData<string, string> Descriptors()
    {
        var data = new TheoryData<string, string>();
        // Internal to the generator, so read by reflection: every descriptor is a static field of DiagnosticDescriptors.
        Type descriptors = typeof(CharRnnGenerator).Assembly.GetType("CharRnn.Generator.DiagnosticDescriptors", throwOnError: true)!;
        foreach (FieldInfo field in descriptors.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var descriptor = (DiagnosticDescriptor)field.GetValue(null)!;
            data.Add(descriptor.Id, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return data;
    }

    [Fact]
    public void Ids_are_distinct_and_numbered_without_gaps()
    {
        string[] ids = Descriptors().Select(row => (string)row[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Enumerable.Range(1, ids.Length).Select(n => $"CHARRNN{n:000}"), ids);
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Each_id_has_a_section_in_docs_diagnostics_and_a_row_in_the_releases(string id, string title)
    {
        string docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "diagnostics.md"));
        Assert.Contains($"\n## {id}: {title}\n", docs, StringComparison.Ordinal);
        Assert.Contains($"| [{id}](#{id.ToLowerInvariant()}-", docs, StringComparison.Ordinal);
        // The section, up to the next heading, shows the fix.
        string section = docs[docs.IndexOf($"## {id}:", StringComparison.Ordinal)..];
        int next = section.IndexOf("\n## ", StringComparison.Ordinal);
        Assert.Contains("**Fix:**", next < 0 ? section : section[..next], StringComparison.Ordinal);

        string row = $"\n{id} | CharRnn | Error | {title}\n";
        Assert.Single(new[] { "Shipped", "Unshipped" }, release => File.ReadAllText(
            Path.Combine(Repository.Root, "src", "Generator", $"AnalyzerReleases.{release}.md")).Contains(row, StringComparison.Ordinal));
    }
}
