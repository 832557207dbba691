using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace CharRnn.Trainer.Tests;

/// <summary>What headless Chromium made of a page: the status its script left on &lt;body&gt;, the DOM, the console's errors.</summary>
internal sealed record RenderedPage(string Status, string Dom, IReadOnlyList<string> ConsoleErrors);

/// <summary>
/// Headless Chromium (<see cref="Chromium"/>), loading a page from disk and dumping its DOM after the page's scripts ran.
/// </summary>
internal static partial class HeadlessChromium
{
    public static RenderedPage Load(string pagePath)
    {
        string profile = Directory.CreateTempSubdirectory("charrnn-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Chromium.Executable ?? throw new InvalidOperationException(Chromium.Missing))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in (string[])[.. Chromium.HeadlessArguments(profile),
                "--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(Path.GetFullPath(pagePath)).AbsoluteUri])
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("Chromium did not finish loading the page within 2 minutes");
            }

            string dom = output.Result;
            Match status = StatusPattern().Match(dom);
            string[] console = [.. error.Result.Split('\n').Where(line => line.Contains("CONSOLE", StringComparison.Ordinal)
                && (line.Contains("Uncaught", StringComparison.Ordinal) || line.Contains("Error", StringComparison.Ordinal)))];
            return new RenderedPage(status.Success ? WebUtility.HtmlDecode(status.Groups[1].Value) : "(no status: the DOM was not dumped)", dom, console);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    [GeneratedRegex("<body[^>]*\\sdata-status=\"([^\"]*)\"")]
    private static partial Regex StatusPattern();
}
