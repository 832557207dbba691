namespace CharRnn.Sampler.Tests;

/// <summary>Generated code and the runtime model (what <c>charrnn sample</c> runs) print the same characters.</summary>
public class ParityTests
{
    public static TheoryData<ulong, float, int, string> Cases()
    {
        var cases = new TheoryData<ulong, float, int, string>();
        string[] prompts = ["", "ROMEO:", "First Citizen:\n", "\n", "KING HENRY"];
        float[] temperatures = [0.3f, 0.5f, 0.8f, 1f, 1.5f];
        int[] topKs = [0, 1, 3, 20];
        for (ulong seed = 0; seed < 40; seed++)
        {
            cases.Add(seed, temperatures[seed % 5], topKs[seed / 5 % 4], prompts[seed % 5 == 0 ? seed / 5 % 5 : seed % 5]);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_code_matches_the_runtime_model(ulong seed, float temperature, int topK, string prompt)
    {
        var options = new SamplingOptions { Seed = seed, Temperature = temperature, TopK = topK };
        Assert.Equal(Shakespeare.Loaded(options, prompt, 500), Shakespeare.Baked(options, prompt, 500));
    }

    [Fact]
    public void Greedy_generated_code_matches_the_runtime_model()
    {
        var options = new SamplingOptions { Greedy = true };
        Assert.Equal(Shakespeare.Loaded(options, "JULIET:", 500), Shakespeare.Baked(options, "JULIET:", 500));
    }

    [Fact]
    public void The_streaming_session_matches_Generate()
    {
        var options = new SamplingOptions { Seed = 12, Temperature = 0.7f };
        var session = new Shakespeare.Session(options);
        session.Feed("ROMEO:");
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            text.Append(session.Next().ToString());
        }

        Assert.Equal(Shakespeare.Baked(options, "ROMEO:", 300), text.ToString());
    }

    [Fact]
    public void The_baked_constants_describe_the_model_file()
    {
        Assert.Equal(Shakespeare.VocabSize, Shakespeare.Dynamic.VocabSize);
        Assert.Equal(Shakespeare.HiddenSize, Shakespeare.Dynamic.HiddenSize);
        Assert.Equal(Shakespeare.Layers, Shakespeare.Dynamic.Layers);
    }
}
