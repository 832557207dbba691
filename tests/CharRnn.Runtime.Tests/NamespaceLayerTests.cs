namespace CharRnn.Runtime.Tests;

/// <summary>
/// Runtime's internal namespaces form layers (Kernels, then CompilerServices, Cells, ModelFormat, Inference and IO
/// above them); the root namespace, the user API, stands on all of them. Read from the compiled assembly.
/// </summary>
public class NamespaceLayerTests
{
    private const string Root = "CharRnn";

    private static readonly Lazy<IReadOnlyList<TypeUses>> Types =
        new(() => NamespaceUses.Read(typeof(ModelFile).Assembly.Location));

    [Fact]
    public void No_namespace_below_the_user_API_depends_on_itself_through_others()
    {
        Dictionary<string, List<string>> graph = NamespaceGraph.Build(Types.Value, IsBelowRoot);
        Assert.True(graph.Count >= 6, $"expected Runtime's namespaces, found {string.Join(", ", graph.Keys)}");

        IReadOnlyList<string>? cycle = NamespaceGraph.FindCycle(graph);

        Assert.True(cycle is null, cycle is null ? "" : NamespaceGraph.Describe(Types.Value, cycle, Short));
    }

    [Fact]
    public void The_kernels_use_no_other_part_of_the_runtime()
    {
        string[] used = [.. Types.Value
            .Where(type => type.Namespace == Root + ".Kernels")
            .SelectMany(type => type.Uses)
            .Where(ns => (ns == Root || IsBelowRoot(ns)) && ns != Root + ".Kernels")
            .Distinct()];

        Assert.Empty(used);
    }

    private static bool IsBelowRoot(string ns) => ns.StartsWith(Root + ".", StringComparison.Ordinal);

    private static string Short(string ns) => ns[(Root.Length + 1)..];
}
