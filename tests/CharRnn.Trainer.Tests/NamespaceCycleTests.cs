using CharRnn.Training;

namespace CharRnn.Trainer.Tests;

/// <summary>
/// The trainer's namespaces form layers: each uses only those below it, so the training library can be used without
/// the CLI. Read from the compiled assembly (base types, member signatures, attributes and every type and member a
/// method body names), not from the source's <c>using</c> lines, which miss the parent namespace and full names.
/// </summary>
public class NamespaceCycleTests
{
    private const string Root = "CharRnn.Training";

    // Each type of the assembly (by namespace and name) with the namespaces it uses.
    private static readonly Lazy<IReadOnlyList<TypeUses>> Types =
        new(() => NamespaceUses.Read(typeof(TrainingOptions).Assembly.Location));

    [Fact]
    public void No_namespace_of_the_trainer_depends_on_itself_through_others()
    {
        Dictionary<string, List<string>> graph = NamespaceGraph.Build(Types.Value, IsTrainer);
        Assert.True(graph.Count >= 9, $"expected the trainer's namespaces, found {string.Join(", ", graph.Keys)}");

        IReadOnlyList<string>? cycle = NamespaceGraph.FindCycle(graph);

        Assert.True(cycle is null, cycle is null ? "" : Describe(cycle));
    }

    [Theory]
    [InlineData("Spectre.Console")]
    [InlineData("System.CommandLine")]
    public void Only_the_CLI_uses_the_terminal_libraries(string library)
    {
        string[] users = Types.Value
            .Where(type => IsTrainer(type.Namespace) && type.Namespace != Root + ".Commands")
            .Where(type => type.Uses.Any(used => used == library || used.StartsWith(library + ".", StringComparison.Ordinal)))
            .Select(type => type.Name)
            .ToArray();

        Assert.Empty(users);
    }

    private static string Describe(IReadOnlyList<string> cycle) => NamespaceGraph.Describe(Types.Value, cycle, Short);

    private static bool IsTrainer(string ns) => ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal);

    private static string Short(string ns) => ns == Root ? "Training" : ns[(Root.Length + 1)..];
}
