namespace CharRnn.Sampler.Tests;

/// <summary>Generated code and the runtime model (what <c>charrnn sample</c> runs) print the same characters for int8 models.</summary>
public class Int8ParityTests
{
    public static TheoryData<string, ulong, float, int, string> Cases()
    {
        var cases = new TheoryData<string, ulong, float, int, string>();
        foreach (string model in Int8Models.All.Keys)
        {
            foreach (object[] row in ParityTests.Cases())
            {
                cases.Add(model, (ulong)row[0], (float)row[1], (int)row[2], (string)row[3]);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_code_matches_the_runtime_model(string model, ulong seed, float temperature, int topK, string prompt)
    {
        BakedModel baked = Int8Models.All[model];
        var options = new SamplingOptions { Seed = seed, Temperature = temperature, TopK = topK };
        Assert.Equal(baked.Loaded(options, prompt, 500), baked.Baked(options, prompt, 500));
    }

    [Theory]
    [MemberData(nameof(Int8Models.Names), MemberType = typeof(Int8Models))]
    public void Greedy_generated_code_matches_the_runtime_model(string model)
    {
        BakedModel baked = Int8Models.All[model];
        var options = new SamplingOptions { Greedy = true };
        Assert.Equal(baked.Loaded(options, "JULIET:", 500), baked.Baked(options, "JULIET:", 500));
    }

    [Fact]
    public void The_baked_constants_describe_the_model_file()
    {
        Assert.Equal(ShakespeareInt8.VocabSize, Int8Models.All["shakespeare"].Dynamic.VocabSize);
        Assert.Equal(ShakespeareInt8.HiddenSize, Int8Models.All["shakespeare"].Dynamic.HiddenSize);
        Assert.Equal(ShakespeareInt8.Layers, Int8Models.All["shakespeare"].Dynamic.Layers);
    }
}
