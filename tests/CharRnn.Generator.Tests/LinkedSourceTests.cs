using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CharRnn.Generator.Tests;

/// <summary>
/// The generator compiles some of Runtime's sources itself. They must compile internal there (or tests and
/// consumers would see two copies of each type), and none may touch the disk, which a generator must never do.
/// </summary>
public class LinkedSourceTests
{
    private static readonly string[] FileApis = ["File", "FileInfo", "FileStream", "Directory", "DirectoryInfo", "StreamReader", "StreamWriter"];

    [Fact]
    public void The_generator_references_no_file_system_type()
    {
        using var reader = new PEReader(File.OpenRead(typeof(CharRnnGenerator).Assembly.Location));
        MetadataReader metadata = reader.GetMetadataReader();
        string[] used = metadata.TypeReferences
            .Select(handle => metadata.GetTypeReference(handle))
            .Where(type => metadata.GetString(type.Namespace) == "System.IO")
            .Select(type => metadata.GetString(type.Name))
            .ToArray();
        Assert.Empty(used.Intersect(FileApis));
    }

    [Fact]
    public void The_generator_exposes_nothing_but_the_generator()
    {
        Assert.Equal([typeof(CharRnnGenerator)], typeof(CharRnnGenerator).Assembly.GetExportedTypes());
    }
}
