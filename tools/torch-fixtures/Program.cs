using System.Diagnostics;
using CharRnn.TorchFixtures;
using TorchSharp;

// Regenerates tests/fixtures/pytorch (or the directory given): every FixtureSpec trained briefly by libtorch, its
// state dict, vocabulary and libtorch's own logits and greedy continuation. See README.md.
const int InputLength = 200;
const int GreedyLength = 200;
// Tests compare logits within 1e-5, so a greedy step whose top two logits are this close could flip on a rounding
// difference; such a fixture is retrained from the next seed.
const float MinimumGreedyMargin = 1e-4f;
const int SeedTries = 5;

if (args.Length > 1 || args is ["-h" or "--help"])
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tools/torch-fixtures [-- OUT_DIR]   (default: tests/fixtures/pytorch)");
    return 2;
}

string? root = RepositoryRoot(AppContext.BaseDirectory);
if (root is null)
{
    Console.Error.WriteLine($"torch-fixtures: no CharRnn.slnx above {AppContext.BaseDirectory}; run the tool from its place in the repository");
    return 2;
}

string outDirectory = args.Length == 1 ? Path.GetFullPath(args[0]) : Path.Combine(root, "tests", "fixtures", "pytorch");
if (File.Exists(outDirectory))
{
    Console.Error.WriteLine($"torch-fixtures: OUT_DIR '{args[0]}' is a file; give a directory");
    return 2;
}

try
{
    torch.set_num_threads(1); // the same numbers on any host, and a quiet neighbour on a shared one
}
catch (Exception e) when (e is NotSupportedException or TypeInitializationException or DllNotFoundException)
{
    Console.Error.WriteLine("torch-fixtures: libtorch did not load; run tools/libtorch/patch-libtorch.sh (tools/libtorch/README.md)");
    return 1;
}

try
{
    return Generate(root, outDirectory);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
{
    Console.Error.WriteLine($"torch-fixtures: {e.Message}");
    return 1;
}

static int Generate(string root, string outDirectory)
{
    Console.WriteLine($"libtorch {torch.__version__}, writing {outDirectory}");
    foreach (FixtureSpec spec in FixtureSpec.All())
    {
        var clock = Stopwatch.StartNew();
        Corpus corpus = Corpus.Load(Path.Combine(root, "data", spec.Corpus), spec.VocabularySize, spec.NonAsciiCharacters, InputLength);
        for (int attempt = 0; ; attempt++)
        {
            int seed = spec.Seed + 1000 * attempt;
            torch.manual_seed(seed);
            using var model = new CharModel(spec);
            double loss = BriefTraining.Run(model, corpus.Training, spec.VocabularySize, seed);
            Expectation expected = Expectation.Compute(model, corpus.Inputs, GreedyLength);
            if (expected.SmallestGreedyMargin < MinimumGreedyMargin)
            {
                if (attempt + 1 == SeedTries)
                {
                    Console.Error.WriteLine($"torch-fixtures: {spec.Name}: every seed gave a greedy near-tie; change its FixtureSpec");
                    return 1;
                }

                continue;
            }

            FixtureWriter.Write(Path.Combine(outDirectory, spec.Name), spec, model, corpus.Vocabulary, expected);
            Console.WriteLine($"{spec.Name,-14} seed {seed,5}  loss {loss:F3}  greedy margin {expected.SmallestGreedyMargin:G3}  {clock.Elapsed.TotalSeconds:F1} s");
            break;
        }
    }

    return 0;
}

static string? RepositoryRoot(string start)
{
    for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "CharRnn.slnx")))
        {
            return directory.FullName;
        }
    }

    return null;
}
