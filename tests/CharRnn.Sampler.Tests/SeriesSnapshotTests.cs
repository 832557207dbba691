namespace CharRnn.Sampler.Tests;

/// <summary>Pins series of samples drawn with a stop, a mask and an unknown-character policy from the ConsoleSampler's model.</summary>
public class SeriesSnapshotTests
{
    public static TheoryData<string> Cases() => [.. SeriesCase.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_and_loaded_series_match_the_snapshot(string name)
    {
        SeriesCase series = SeriesCase.All.Single(c => c.Name == name);
        string[] baked = ConsoleSamplerModel.GenerateMany(series.Prime, series.Count, series.Options, series.Stop);
        Assert.Equal(baked, ConsoleSamplerModel.Dynamic.GenerateMany(series.Prime, series.Count, series.Options, series.Stop));
        PinnedSnapshot.Match(new { Arguments = series.Arguments(), Samples = baked }, "console-" + name);
    }
}
