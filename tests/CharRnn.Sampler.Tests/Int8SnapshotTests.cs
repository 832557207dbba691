namespace CharRnn.Sampler.Tests;

/// <summary>
/// Pins the text int8 models sample: the quantized Shakespeare model with the float model's cases, and the quantized
/// chaotic model of every cell, whose random weights make any change to a kernel show in a few characters.
/// </summary>
public class Int8SnapshotTests
{
    private static readonly IReadOnlyList<SampleCase> ChaoticCases =
    [
        new("seed1", 1, 1f, 0, false, "", 400),
        new("seed5-t0.6-top5", 5, 0.6f, 5, false, "ROMEO:", 300),
        new("greedy", 0, 1f, 0, true, "The ", 200),
    ];

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (SampleCase sample in SampleCase.All)
        {
            cases.Add("shakespeare", sample.Name);
        }

        foreach (string model in Int8Models.All.Keys.Where(name => name != "shakespeare"))
        {
            foreach (SampleCase sample in ChaoticCases)
            {
                cases.Add(model, sample.Name);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sampled_text_matches_its_snapshot(string model, string name)
    {
        SampleCase sample = (model == "shakespeare" ? SampleCase.All : ChaoticCases).Single(c => c.Name == name);
        string text = Int8Models.All[model].Baked(sample.Options, sample.Prime, sample.Length);
        PinnedSnapshot.Match(sample.Snapshot(text), $"int8-{model}-{name}");
    }

    [Fact]
    public void Every_baked_int8_class_says_its_weight_format()
    {
        Assert.Equal(WeightFormat.Int8, ShakespeareInt8.WeightFormat);
        Assert.Equal(WeightFormat.Int8, RnnChaoticInt8.WeightFormat);
        Assert.Equal(WeightFormat.Int8, LstmChaoticInt8.WeightFormat);
        Assert.Equal(WeightFormat.Int8, GruChaoticInt8.WeightFormat);
        Assert.Equal(WeightFormat.Int8, ConsoleSamplerModel.WeightFormat);
        Assert.Equal(WeightFormat.Float32, Shakespeare.WeightFormat);
    }
}
