using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Parley.Testing;

/// <summary>
/// A real SMTP server on a free loopback port (Debian's python3-aiosmtpd, which ./test.sh installs) that keeps each
/// message it receives as an .eml file in its own folder, for tests to read what Parley sent.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    // Written under another name and renamed, so a test never reads half a message.
    private const string Script = """
        import asyncio, os, sys, uuid
        from aiosmtpd.controller import Controller

        class Keep:
            def __init__(self, folder):
                self.folder = folder
            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(self.folder, uuid.uuid4().hex)
                with open(name + '.partial', 'wb') as f:
                    f.write(envelope.original_content)
                os.rename(name + '.partial', name + '.eml')
                return '250 OK'

        controller = Controller(Keep(sys.argv[2]), hostname='127.0.0.1', port=int(sys.argv[1]))
        controller.start()
        print('ready', flush=True)
        sys.stdin.read()
        controller.stop()
        """;

    private readonly Process _process;
    private readonly string _folder;

    private SmtpServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Parley's settings to send through this server.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Parley:Mail:Host"] = "127.0.0.1",
        ["Parley:Mail:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Parley:Mail:Security"] = "none",
        ["Parley:Mail:From"] = "Parley <parley@test.example>",
    };

    public static async Task<SmtpServer> StartAsync()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: install Debian's python3-aiosmtpd (./test.sh does).");
        }

        var folder = Directory.CreateTempSubdirectory("parley-smtp-").FullName;
        var script = Path.Combine(folder, "smtp-server.py");
        await File.WriteAllTextAsync(script, Script);
        var mailFolder = Directory.CreateDirectory(Path.Combine(folder, "mail")).FullName;
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo(Python, [script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), mailFolder])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var server = new SmtpServer(process, folder, port);
        string? firstLine;
        try
        {
            // The script prints "ready" once it listens; a deadline, not a pause: it returns as soon as the line comes.
            firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            firstLine = null;
        }

        if (firstLine != "ready")
        {
            var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "no answer in 20 s";
            await server.DisposeAsync();
            throw new InvalidOperationException($"The test SMTP server did not start (is python3-aiosmtpd installed?): {error}");
        }

        return server;
    }

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        Directory.GetFiles(Path.Combine(_folder, "mail"), "*.eml")
            .Select(path => (Path: path, Written: File.GetLastWriteTimeUtc(path)))
            .OrderBy(file => file.Written)
            .Select(file => MimeMessage.Load(file.Path))
            .ToList();

    /// <summary>Waits for a message to <paramref name="to"/> beyond the <paramref name="alreadySeen"/> ones to that address.</summary>
    public async Task<MimeMessage> WaitForMessageAsync(string to, int alreadySeen = 0, TimeSpan? timeout = null)
    {
        IReadOnlyList<MimeMessage> received = [];
        await Poll.UntilAsync(
            () => Task.FromResult((received = To(to)).Count > alreadySeen),
            timeout ?? TimeSpan.FromSeconds(15),
            $"a mail to {to}");
        return received[alreadySeen];
    }

    /// <summary>The messages to <paramref name="to"/>, oldest first.</summary>
    public IReadOnlyList<MimeMessage> To(string to) =>
        Messages().Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
