namespace CharRnn.Sampler.Tests;

/// <summary>Pins the sampled text: any change to the model, the kernels, the PRNG or sampling shows up here.</summary>
public class SnapshotTests
{
    public static TheoryData<string> Cases() => [.. SampleCase.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sampled_text_matches_its_snapshot(string name)
    {
        SampleCase sample = SampleCase.All.Single(c => c.Name == name);
        PinnedSnapshot.Match(sample.Snapshot(Shakespeare.Baked(sample.Options, sample.Prime, sample.Length)), "sample-" + name);
    }

    // The ConsoleSampler's own model: what its README command prints, generated and loaded alike.
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_console_samplers_model_matches_its_snapshot(string name)
    {
        SampleCase sample = SampleCase.All.Single(c => c.Name == name);
        string baked = ConsoleSamplerModel.Baked(sample.Options, sample.Prime, sample.Length);
        Assert.Equal(baked, ConsoleSamplerModel.Loaded(sample.Options, sample.Prime, sample.Length));
        PinnedSnapshot.Match(sample.Snapshot(baked), "console-" + name);
    }
}
