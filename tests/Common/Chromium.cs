namespace CharRnn.Tests;

/// <summary>
/// Where the tests find headless Chromium, as tests/Directory.Build.props looks for it: <c>CHARRNN_CHROMIUM</c> if set,
/// else Debian's <c>/usr/bin/chromium</c>.
/// </summary>
internal static class Chromium
{
    public const string Missing = "Chromium is not installed (/usr/bin/chromium, or set CHARRNN_CHROMIUM): apt-get install -y chromium (.ci/run does)";

    /// <summary>The browser's path; null when it is not there.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>The switches every headless run takes: no sandbox, no GPU, no background networking, a fresh profile.</summary>
    public static IReadOnlyList<string> HeadlessArguments(string profile) =>
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile];

    private static string? Find()
    {
        string? configured = Environment.GetEnvironmentVariable("CHARRNN_CHROMIUM");
        string path = string.IsNullOrEmpty(configured) ? "/usr/bin/chromium" : configured;
        return File.Exists(path) ? path : null;
    }
}
