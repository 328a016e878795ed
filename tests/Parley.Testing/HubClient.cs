using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace Parley.Testing;

/// <summary>
/// A SignalR client speaking the documented JSON hub protocol over a WebSocket (the .NET SignalR client is not
/// on our package mirror). Records are JSON texts ending in 0x1E; type 1 = invocation (server events arrive
/// this way too), 3 = completion, 6 = ping, 7 = close.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly List<HubEvent> _events = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiveLoop = Task.CompletedTask;
    private int _nextInvocationId;
    private int _disposed;

    private HubClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>Completes when the server closes the connection (or it drops).</summary>
    public Task Closed => _closed.Task;

    public bool IsOpen => _socket.State == WebSocketState.Open && !_closed.Task.IsCompleted;

    public static Task<HubClient> ConnectAsync(Uri baseAddress, string accessToken) =>
        ConnectAsync(baseAddress, $"access_token={Uri.EscapeDataString(accessToken)}", configure: null);

    /// <summary>Connects the way a signed-in browser does: with its session cookie instead of a token.</summary>
    public static Task<HubClient> ConnectWithCookieAsync(Uri baseAddress, string sessionCookie) =>
        ConnectAsync(baseAddress, query: null, socket => socket.Options.SetRequestHeader("Cookie", $"parley.session={sessionCookie}"));

    private static async Task<HubClient> ConnectAsync(Uri baseAddress, string? query, Action<ClientWebSocket>? configure)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket);
        var uri = new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws", Path = "/hubs/chat", Query = query }.Uri;
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri, timeout.Token);

        var client = new HubClient(socket);
        await client.SendRecordAsync("""{"protocol":"json","version":1}""");
        var handshake = await client.ReadHandshakeAsync(timeout.Token);
        if (handshake.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"Hub handshake failed: {error.GetString()}");
        }

        client._receiveLoop = Task.Run(client.ReceiveLoopAsync);

        // Like any client: its conversations' events flow once the server says ready, not at the handshake.
        await client.WaitForAsync<System.Text.Json.JsonElement>("ready");
        return client;
    }

    /// <summary>Calls a hub method and returns its result; a hub error throws <see cref="HubException"/> (its code: <see cref="HubErrors.Code"/>).</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] arguments) =>
        await await StartInvocationAsync(method, arguments);

    public async Task<T> InvokeAsync<T>(string method, params object?[] arguments) => Json.Read<T>(await InvokeAsync(method, arguments));

    /// <summary>
    /// Sends a call and returns once it is on the wire, with the task of its answer: calls started one after another
    /// reach the server in that order while all of them are in flight, as a client sending faster than the round trip.
    /// </summary>
    public async Task<Task<JsonElement>> StartInvocationAsync(string method, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        await SendRecordAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }, Json.Options));
        return completion.Task.WaitAsync(DefaultTimeout);
    }

    /// <summary>Sends a call and does not wait for its answer (as a client whose connection drops right after sending).</summary>
    public Task SendInvocationAsync(string method, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return SendRecordAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }, Json.Options));
    }

    /// <summary>Every server event received so far, in order.</summary>
    public IReadOnlyList<HubEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<T> EventsOf<T>(string target) => [.. Events.Where(e => e.Target == target).Select(e => Json.Read<T>(e.Argument))];

    /// <summary>Waits for an event (already received or still to come) that matches.</summary>
    public async Task<T> WaitForAsync<T>(string target, Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            foreach (var e in Events.Where(e => e.Target == target))
            {
                var payload = Json.Read<T>(e.Argument);
                if (match is null || match(payload))
                {
                    return payload;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No '{target}' event matched within {(timeout ?? DefaultTimeout).TotalSeconds} s. Received: {string.Join(", ", Events.Select(e => e.Target))}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Gives events in flight a moment to arrive, for asserting that something did NOT happen.</summary>
    public static Task SettleAsync() => Task.Delay(300);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
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

        try
        {
            await _receiveLoop;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task SendRecordAsync(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json + RecordSeparator);
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task<JsonElement> ReadHandshakeAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains(RecordSeparator, StringComparison.Ordinal))
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The hub closed the connection during the handshake.");
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        var all = text.ToString();
        var end = all.IndexOf(RecordSeparator, StringComparison.Ordinal);
        if (end + 1 < all.Length)
        {
            foreach (var record in all[(end + 1)..].Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                Dispatch(record);
            }
        }

        return JsonDocument.Parse(all[..end]).RootElement.Clone();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                foreach (var record in text.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
                {
                    Dispatch(record);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("The connection closed before the call completed."));
            }

            _closed.TrySetResult();
        }
    }

    private void Dispatch(string record)
    {
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1:
                var arguments = root.GetProperty("arguments");
                lock (_events)
                {
                    _events.Add(new HubEvent(root.GetProperty("target").GetString()!, arguments.GetArrayLength() > 0 ? arguments[0].Clone() : default));
                }

                break;
            case 3:
                if (_pending.TryRemove(root.GetProperty("invocationId").GetString()!, out var completion))
                {
                    if (root.TryGetProperty("error", out var error))
                    {
                        completion.TrySetException(new HubException(error.GetString()!));
                    }
                    else
                    {
                        completion.TrySetResult(root.TryGetProperty("result", out var value) ? value.Clone() : default);
                    }
                }

                break;
            case 7:
                _closed.TrySetResult();
                break;
        }
    }
}

public sealed record HubEvent(string Target, JsonElement Argument);

/// <summary>Reads the stable code a Parley hub error leads with ("[not_a_member] Join this room…"; docs/events.md).</summary>
public static class HubErrors
{
    public static string? Code(this HubException error) =>
        System.Text.RegularExpressions.Regex.Match(error.Message, @"\[([a-z_]+)\]") is { Success: true } match ? match.Groups[1].Value : null;
}
