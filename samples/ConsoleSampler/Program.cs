using System.Text;
using CharRnn;
using CharRnn.CommandLine;
using ConsoleSampler;

if (args is ["--help"] or ["-h"] or ["-?"])
{
    Console.Out.Write(SamplerArguments.Usage);
    return 0;
}

SamplerArguments? arguments = SamplerArguments.Parse(args, out string? error);
if (arguments is null)
{
    return Fail($"{error}", exitCode: 2);
}

(SamplingOptions options, GenerationFlags flags, int length, string prime) = arguments;
Shakespeare.Session first;
try
{
    first = Start(0);
}
catch (ArgumentException e)
{
    // The session checks the character sets and the replacement when it starts, the prime when it is fed.
    return Fail($"{GenerationFlags.OptionOf(e)}: {e.Message}", exitCode: 1);
}

try
{
    // UTF-8 bytes straight to stdout: the text must not depend on the terminal's encoding or newline style.
    using Stream stdout = Console.OpenStandardOutput();
    char[] sample = new char[flags.Stop is null ? 0 : (int)Math.Min(2L * length, Array.MaxLength)];
    Span<byte> buffer = stackalloc byte[4096];
    for (int i = 0; i < (flags.Count ?? 1); i++)
    {
        Shakespeare.Session session = i == 0 ? first : Start(i);
        stdout.Write(Encoding.UTF8.GetBytes(prime));
        if (flags.Stop is StopCondition stop)
        {
            stdout.Write(Encoding.UTF8.GetBytes(sample, 0, session.Generate(sample, stop).Written));
        }
        else
        {
            int used = 0;
            for (int drawn = 0; drawn < length; drawn++)
            {
                if (used > buffer.Length - 4)
                {
                    stdout.Write(buffer[..used]);
                    used = 0;
                }

                used += session.Next().EncodeToUtf8(buffer[used..]);
            }

            stdout.Write(buffer[..used]);
        }

        if (flags.Count is not null)
        {
            stdout.Write(Encoding.UTF8.GetBytes(flags.Separator));
        }
    }

    return 0;
}
catch (IOException e)
{
    return Fail($"cannot write to stdout: {e.Message}", exitCode: 1);
}

// Sample i of a --count series starts from its own derived stream; a single sample keeps the seed.
Shakespeare.Session Start(int sample)
{
    var session = new Shakespeare.Session(flags.Count is null ? options : options.ForSample(sample));
    session.Feed(prime);
    return session;
}

static int Fail(string message, int exitCode)
{
    Console.Error.WriteLine($"ConsoleSampler: error: {message}");
    return exitCode;
}
