using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// One page in headless Chromium (<see cref="Chromium"/>), driven over the DevTools protocol: evaluate JavaScript in
/// it, wait for a condition, take a screenshot. <c>--dump-dom</c> cannot tell when a WebAssembly app has finished.
/// </summary>
internal sealed partial class DevToolsPage : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _browser;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private int _lastId;

    private DevToolsPage(Process browser, string profile, ClientWebSocket socket)
    {
        (_browser, _profile, _socket) = (browser, profile, socket);
    }

    /// <summary>Starts Chromium at <paramref name="address"/> in a window of the given size and connects to its page.</summary>
    public static async Task<DevToolsPage> OpenAsync(Uri address, int width, int height)
    {
        string profile = Directory.CreateTempSubdirectory("charrnn-chromium-").FullName;
        var start = new ProcessStartInfo(Chromium.Executable ?? throw new InvalidOperationException(Chromium.Missing))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (string argument in (string[])[.. Chromium.HeadlessArguments(profile), "--remote-debugging-port=0",
            "--hide-scrollbars", $"--window-size={width},{height}", address.AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        Process browser = Process.Start(start)!;
        try
        {
            Uri endpoint = await DebuggingEndpointAsync(browser);
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(await PageSocketAsync(endpoint), new CancellationTokenSource(CallTimeout).Token);
            return new DevToolsPage(browser, profile, socket);
        }
        catch
        {
            browser.Kill(entireProcessTree: true);
            browser.Dispose();
            Directory.Delete(profile, recursive: true);
            throw;
        }
    }

    /// <summary>The value of a JavaScript expression (awaited when it is a promise), as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        JsonElement result = await CallAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result.TryGetProperty("exceptionDetails", out JsonElement exception))
        {
            throw new InvalidOperationException($"the page threw evaluating {expression}: {exception}");
        }

        JsonElement value = result.GetProperty("result");
        return value.TryGetProperty("value", out JsonElement json) ? json : default;
    }

    /// <summary>Evaluates a string-valued expression until <paramref name="done"/> accepts its value; fails after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(string expression, Func<string, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        string value;
        while (!done(value = (await EvaluateAsync(expression)).ToString()))
        {
            Assert.True(clock.Elapsed < timeout, $"{what} did not happen within {timeout.TotalSeconds} s; `{expression}` is '{value}'");
            await Task.Delay(100);
        }

        return value;
    }

    /// <summary>The visible part of the page as a PNG.</summary>
    public async Task<byte[]> ScreenshotAsync() =>
        (await CallAsync("Page.captureScreenshot", new { format = "png" })).GetProperty("data").GetBytesFromBase64();

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        _browser.Kill(entireProcessTree: true);
        await _browser.WaitForExitAsync();
        _browser.Dispose();
        Directory.Delete(_profile, recursive: true);
    }

    private async Task<JsonElement> CallAsync(string method, object parameters)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        int id = ++_lastId;
        byte[] request = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters });
        await _socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        while (true)
        {
            // Replies carry the id of their call; events (none are enabled) would carry none.
            using JsonDocument reply = await ReceiveAsync(timeout.Token);
            if (reply.RootElement.TryGetProperty("id", out JsonElement replyId) && replyId.GetInt32() == id)
            {
                return reply.RootElement.TryGetProperty("error", out JsonElement error)
                    ? throw new InvalidOperationException($"DevTools {method} failed: {error}")
                    : reply.RootElement.GetProperty("result").Clone();
            }
        }
    }

    private async Task<JsonDocument> ReceiveAsync(CancellationToken cancel)
    {
        using var message = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(buffer, cancel);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("Chromium closed the DevTools connection");
            }

            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return JsonDocument.Parse(message.ToArray());
    }

    // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr once it listens.
    private static async Task<Uri> DebuggingEndpointAsync(Process browser)
    {
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        browser.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                listening.TrySetException(new InvalidOperationException($"Chromium exited before it listened for DevTools:\n{log}"));
                return;
            }

            lock (log)
            {
                log.AppendLine(line.Data);
            }

            Match match = ListeningLine().Match(line.Data);
            if (match.Success)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        browser.OutputDataReceived += (_, _) => { };
        browser.BeginErrorReadLine();
        browser.BeginOutputReadLine();
        return await listening.Task.WaitAsync(CallTimeout);
    }

    // The page target's own socket: Runtime and Page commands go to a page, not to the browser.
    private static async Task<Uri> PageSocketAsync(Uri browserSocket)
    {
        using var http = new HttpClient { Timeout = CallTimeout };
        var list = new Uri($"http://{browserSocket.Authority}/json/list");
        JsonElement[] targets = await http.GetFromJsonAsync<JsonElement[]>(list) ?? [];
        JsonElement page = targets.FirstOrDefault(target => target.GetProperty("type").GetString() == "page");
        return page.ValueKind == JsonValueKind.Object
            ? new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!)
            : throw new InvalidOperationException($"Chromium lists no page at {list}");
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex ListeningLine();
}
