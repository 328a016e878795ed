using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Parley.Testing;

/// <summary>
/// A hub connection at the level of WebSocket frames, for what no SignalR client sends: oversized and malformed
/// frames, and watching the exact close message the server ends a connection with. Everything else goes through
/// <see cref="HubClient"/>.
/// </summary>
public sealed class RawHubSocket : IAsyncDisposable
{
    public const char RecordSeparator = '\u001e';
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly Queue<JsonElement> _unread = new();

    private RawHubSocket(ClientWebSocket socket) => _socket = socket;

    /// <summary>Opens the WebSocket and completes the JSON protocol handshake; the server's first records stay unread.</summary>
    public static async Task<RawHubSocket> ConnectAsync(Uri baseAddress, string accessToken)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/hubs/chat", Query = $"access_token={Uri.EscapeDataString(accessToken)}" }.Uri;
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri, timeout.Token);
        var hub = new RawHubSocket(socket);
        await hub.SendTextAsync($$"""{"protocol":"json","version":1}{{RecordSeparator}}""");
        var handshake = await hub.ReadRecordAsync() ?? throw new InvalidOperationException("The hub closed the connection during the handshake.");
        if (handshake.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"Hub handshake failed: {error.GetString()}");
        }

        return hub;
    }

    /// <summary>Sends one WebSocket text frame exactly as given (a well-formed record ends in <see cref="RecordSeparator"/>).</summary>
    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>Sends an invocation record: <c>{"type":1,"invocationId":…,"target":…,"arguments":[…]}</c>.</summary>
    public Task InvokeAsync(string invocationId, string target, params object?[] arguments) =>
        SendTextAsync(JsonSerializer.Serialize(new { type = 1, invocationId, target, arguments }, Json.Options) + RecordSeparator);

    /// <summary>The completion (type 3) of an invocation sent with <see cref="InvokeAsync"/>; events before it are skipped.</summary>
    public async Task<JsonElement> ReadCompletionAsync(string invocationId)
    {
        while (await ReadRecordAsync() is { } record)
        {
            if (record.GetProperty("type").GetInt32() == 3 && record.GetProperty("invocationId").GetString() == invocationId)
            {
                return record;
            }
        }

        throw new InvalidOperationException($"The connection closed before invocation {invocationId} completed.");
    }

    /// <summary>
    /// Reads until the server ends the connection: its close record (type 7: <c>error</c>, <c>allowReconnect</c>), or
    /// null when the connection ended without one.
    /// </summary>
    public async Task<JsonElement?> WaitForCloseAsync()
    {
        try
        {
            while (await ReadRecordAsync() is { } record)
            {
                if (record.GetProperty("type").GetInt32() == 7)
                {
                    return record;
                }
            }
        }
        catch (WebSocketException)
        {
        }

        return null;
    }

    /// <summary>
    /// Waits for the server's next keep-alive ping (type 6) without answering; other records stay unread. Throws
    /// <see cref="OperationCanceledException"/> when none arrives <paramref name="within"/> that time.
    /// </summary>
    public async Task WaitForPingAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (await ReceiveMessageAsync(timeout.Token) is { } text)
        {
            var pinged = false;
            foreach (var record in text.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var element = JsonDocument.Parse(record).RootElement.Clone();
                if (element.TryGetProperty("type", out var type) && type.GetInt32() == 6)
                {
                    pinged = true;
                }
                else
                {
                    _unread.Enqueue(element);
                }
            }

            if (pinged)
            {
                return;
            }
        }

        throw new InvalidOperationException("The server closed the connection before it pinged.");
    }

    /// <summary>The next record from the server other than a ping, or null once the server closed the socket.</summary>
    public async Task<JsonElement?> ReadRecordAsync()
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        while (_unread.Count == 0)
        {
            var text = await ReceiveMessageAsync(timeout.Token);
            if (text is null)
            {
                return null;
            }

            foreach (var record in text.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var element = JsonDocument.Parse(record).RootElement.Clone();
                if (!element.TryGetProperty("type", out var type) || type.GetInt32() != 6)
                {
                    _unread.Enqueue(element);
                }
            }
        }

        return _unread.Dequeue();
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }

    private async Task<string?> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }
}
