using System.Reflection;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// Runs the NameGenerator's entry point in this process, as its command line would, with stdout and stderr captured:
/// the app itself, without the seconds a <c>dotnet run</c> or a NativeAOT publish would take.
/// </summary>
internal static class NameGeneratorApp
{
    private static readonly MethodInfo EntryPoint = Assembly.Load("NameGenerator").EntryPoint!;

    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        TextWriter output = Console.Out;
        TextWriter error = Console.Error;
        using var capturedOutput = new StringWriter();
        using var capturedError = new StringWriter();
        Console.SetOut(capturedOutput);
        Console.SetError(capturedError);
        try
        {
            int exit = (int)EntryPoint.Invoke(null, [args])!;
            return (exit, capturedOutput.ToString(), capturedError.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }
    }
}

/// <summary>The tests that swap the process's console: run alone, so no other test writes into what they capture.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;
