using System.Diagnostics;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// samples/BrowserSampler, published on top of the build this test project's reference made, served on the loopback
/// address and open in headless Chromium until the app has started. <c>--no-dependencies</c> leaves the runtime and the
/// generator as that build wrote them; <c>--no-build</c> would also skip filling in index.html's script names.
/// </summary>
public sealed class PublishedBrowserSampler : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _output = Directory.CreateTempSubdirectory("charrnn-browser-sampler-").FullName;
    private StaticSite? _site;
    private DevToolsPage? _page;

    internal DevToolsPage Page => _page ?? throw new InvalidOperationException("the app has not started");

    public async Task InitializeAsync()
    {
        Assert.True(Chromium.Executable is not null, Chromium.Missing);
        Publish();
        _site = new StaticSite(Path.Combine(_output, "wwwroot"));
        _page = await DevToolsPage.OpenAsync(_site.Address, width: 1000, height: 820);
        await _page.WaitForAsync("document.querySelector('main')?.dataset.status ?? ''", status => status == "ready", StartTimeout,
            "the app starting");
    }

    public async Task DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.DisposeAsync();
        }

        _site?.Dispose();
        Directory.Delete(_output, recursive: true);
    }

    private void Publish()
    {
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in (string[])["publish", Path.Combine(Repository.Root, "samples", "BrowserSampler"), "-c", Configuration,
            "--no-dependencies", "--no-restore", "-o", _output, "-nologo", "-v", "quiet", "-nodeReuse:false"])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(PublishTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet publish samples/BrowserSampler took more than {PublishTimeout.TotalMinutes} minutes");
        }

        Assert.True(process.ExitCode == 0, $"dotnet publish samples/BrowserSampler failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
    }
}
