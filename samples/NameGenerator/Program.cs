using System.Text;
using CharRnn;
using CharRnn.CommandLine;
using NameGenerator;

// Names have letters beyond ASCII: UTF-8 whatever the terminal's code page, as charrnn sample writes them.
Console.OutputEncoding = Encoding.UTF8;
if (args is ["--help"] or ["-h"] or ["-?"])
{
    Console.Out.Write(NameArguments.Usage);
    return 0;
}

if (NameArguments.Parse(args, out string? error) is not NameArguments arguments)
{
    return Fail(error!, exitCode: 2);
}

(SamplingOptions options, int count, string prefix) = arguments;

// The model learned a list of names, one a line: after a line feed it starts a name, and it ends one with a line
// feed, which the stop leaves out.
var oneName = new StopCondition { Characters = "\n", MaxLength = 64 };
string[] names;
try
{
    // The prefix is fed alone first so that an unknown character's index counts from its start, not the line feed's.
    new Cities.Session(options).Feed(prefix);
    names = Cities.GenerateMany("\n" + prefix, count, options, oneName);
}
catch (ArgumentException e)
{
    // The session checks the character sets when it starts, the prefix when it is fed.
    string option = GenerationFlags.OptionOf(e);
    return Fail($"{(option == "--prime" ? "--prefix" : option)}: {e.Message}", exitCode: 1);
}

try
{
    foreach (string name in names)
    {
        Console.Out.Write(prefix + name + "\n");
    }

    return 0;
}
catch (IOException e)
{
    return Fail($"cannot write to stdout: {e.Message}", exitCode: 1);
}

static int Fail(string message, int exitCode)
{
    Console.Error.WriteLine($"NameGenerator: error: {message}");
    return exitCode;
}
