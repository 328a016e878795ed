using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>
/// A real nginx (Debian's package) in front of a Parley server, on a loopback port, as a TLS-terminating reverse
/// proxy is set up: it adds the client's address to X-Forwarded-For, says X-Forwarded-Proto: https, passes the Host
/// and upgrades WebSockets. It connects to Parley from <see cref="UpstreamAddress"/>, so the server can be told to
/// trust exactly that address. Its own config, prefix, temp folders and log, no system service: started here and
/// stopped on dispose.
/// </summary>
public sealed class NginxProxy : IParleyAddress, IAsyncDisposable
{
    /// <summary>The address nginx connects to Parley from (nginx's proxy_bind): the one to configure as a known proxy.</summary>
    public static readonly IPAddress UpstreamAddress = IPAddress.Parse("127.0.0.3");

    private readonly Process _process;
    private readonly string _directory;

    private NginxProxy(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static Task<NginxProxy> StartAsync(Uri upstream) => StartAsync([upstream]);

    /// <summary>
    /// In front of several nodes, round robin, as a load balancer without sticky sessions: a node that refuses
    /// connections is skipped (and left out for a few seconds), so clients reach the others.
    /// </summary>
    public static async Task<NginxProxy> StartAsync(IReadOnlyList<Uri> upstreams)
    {
        var executable = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed; ./test.sh installs Debian's package (apt-get install nginx).");
        var directory = Directory.CreateTempSubdirectory("parley-nginx-").FullName;
        // Run as root, nginx's workers drop to "nobody", which must reach the temp folders inside.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var port = FreePort();
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(directory, port, upstreams));

        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "-c", config, "-p", directory, "-e", Path.Combine(directory, "error.log") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start nginx.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => output.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var proxy = new NginxProxy(process, directory, new Uri($"http://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var log = File.Exists(Path.Combine(directory, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "error.log")) : "";
                throw new InvalidOperationException($"nginx exited with code {process.ExitCode} while starting: {output}{log}");
            }

            if (await IsListeningAsync(port))
            {
                return proxy;
            }

            await Task.Delay(50);
        }

        await proxy.DisposeAsync();
        throw new TimeoutException("nginx did not listen within 15 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Fast shutdown of master and workers; killing the process tree is only the fallback.
            using var stop = Process.Start(new ProcessStartInfo(_process.StartInfo.FileName)
            {
                ArgumentList = { "-c", Path.Combine(_directory, "nginx.conf"), "-p", _directory, "-e", Path.Combine(_directory, "error.log"), "-s", "stop" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Temp folders nginx's workers created may belong to "nobody".
        }
    }

    private static string Config(string directory, int port, IReadOnlyList<Uri> upstreams) => $$"""
        daemon off;
        worker_processes 1;
        pid {{directory}}/nginx.pid;
        error_log {{directory}}/error.log warn;
        events { worker_connections 256; }
        http {
            access_log off;
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;
            map $http_upgrade $connection_upgrade { default upgrade; '' close; }
            upstream parley {
                {{string.Concat(upstreams.Select(u => $"server {u.Authority} max_fails=1 fail_timeout=5s; "))}}
            }
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_pass http://parley;
                    proxy_next_upstream error timeout;
                    proxy_connect_timeout 2s;
                    proxy_bind {{UpstreamAddress}};
                    proxy_http_version 1.1;
                    proxy_set_header Host $http_host;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto https;
                    proxy_read_timeout 1h;
                }
            }
        }
        """;

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>HTTP clients whose connections leave from a chosen loopback address, to act as different machines.</summary>
public static class LoopbackClient
{
    /// <summary>
    /// A client that connects from <paramref name="source"/> (any 127.x.y.z works on Linux) and keeps no cookies,
    /// so the test sees every Set-Cookie as the server sent it.
    /// </summary>
    public static HttpClient From(IPAddress source, Uri baseAddress) =>
        new(new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = baseAddress };
}
