using System.Net;
using System.Net.Sockets;

namespace CharRnn.Sampler.Tests;

/// <summary>
/// A folder served over http on the loopback address: a Blazor WebAssembly app will not start from file:// (it
/// fetches its assemblies). GET only; "/" is index.html; anything outside the folder is 404.
/// </summary>
internal sealed class StaticSite : IDisposable
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript",
        [".mjs"] = "text/javascript",
        [".css"] = "text/css",
        [".json"] = "application/json",
        [".wasm"] = "application/wasm", // the type WebAssembly.instantiateStreaming insists on
        [".png"] = "image/png",
    };

    private readonly string _root;
    private readonly HttpListener _listener;
    private readonly Task _serving;

    public StaticSite(string root)
    {
        _root = Path.GetFullPath(root);
        (_listener, Address) = Listen();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The site's address, ending in a slash.</summary>
    public Uri Address { get; }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener's pending accept fails as it closes.
        }
    }

    // A free port, found by binding port 0; another process may take it before HttpListener does, so try again.
    private static (HttpListener Listener, Uri Address) Listen()
    {
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var address = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(address.AbsoluteUri);
            try
            {
                listener.Start();
                return (listener, address);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return; // closed
            }

            _ = Task.Run(() => Respond(context));
        }
    }

    private void Respond(HttpListenerContext context)
    {
        using HttpListenerResponse response = context.Response;
        string relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
        string path = Path.GetFullPath(Path.Combine(_root, relative.Length == 0 ? "index.html" : relative));
        if (context.Request.HttpMethod != "GET" || !path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            response.StatusCode = 404;
            return;
        }

        response.ContentType = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
        byte[] body = File.ReadAllBytes(path);
        response.ContentLength64 = body.Length;
        try
        {
            response.OutputStream.Write(body);
        }
        catch (HttpListenerException)
        {
            // The browser went away mid-response.
        }
    }
}
