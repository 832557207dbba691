using System.Text;
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

var session = new Shakespeare.Session(arguments.Options);
try
{
    session.Feed(arguments.Prime);
}
catch (ArgumentException e)
{
    return Fail($"--prime: {e.Message}", exitCode: 1);
}

try
{
    // UTF-8 bytes straight to stdout: the text must not depend on the terminal's encoding or newline style.
    using Stream stdout = Console.OpenStandardOutput();
    stdout.Write(Encoding.UTF8.GetBytes(arguments.Prime));
    Span<byte> buffer = stackalloc byte[4096];
    int used = 0;
    for (int i = 0; i < arguments.Length; i++)
    {
        if (used > buffer.Length - 4)
        {
            stdout.Write(buffer[..used]);
            used = 0;
        }

        used += session.Next().EncodeToUtf8(buffer[used..]);
    }

    stdout.Write(buffer[..used]);
    return 0;
}
catch (IOException e)
{
    return Fail($"cannot write to stdout: {e.Message}", exitCode: 1);
}

static int Fail(string message, int exitCode)
{
    Console.Error.WriteLine($"ConsoleSampler: error: {message}");
    return exitCode;
}
