using Snapshooter;
using Snapshooter.Xunit;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// Snapshooter, made strict: it writes a missing snapshot and passes, so under CI=true a missing snapshot
/// fails instead (a snapshot nobody reviewed pins nothing). Snapshots live in this project's <c>__snapshots__</c>.
/// </summary>
internal static class PinnedSnapshot
{
    private static readonly string ProjectDirectory = Path.Combine(Repository.Root, "tests", "CharRnn.Sampler.Tests");

    public static void Match(object value, string name)
    {
        string fileName = name + ".snap";
        if (Environment.GetEnvironmentVariable("CI") == "true" && !File.Exists(Path.Combine(ProjectDirectory, "__snapshots__", fileName)))
        {
            Assert.Fail($"Snapshot {fileName} is missing. Run the tests without CI=true to write it, review it, and commit it (docs/testing.md).");
        }

        // Snapshooter adds the __snapshots__ folder to the directory it is given.
        Snapshot.Match(value, new SnapshotFullName(fileName, ProjectDirectory));
    }
}
