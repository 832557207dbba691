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
        string text = sample.Prime + Shakespeare.Baked(sample.Options, sample.Prime, sample.Length);
        PinnedSnapshot.Match(new
        {
            Settings = new { sample.Seed, sample.Temperature, sample.TopK, sample.Greedy, sample.Prime, sample.Length },
            Lines = text.Split('\n'),
        }, "sample-" + name);
    }
}
