using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Parley.Events;
using Parley.Realtime;

namespace Parley.Testing;

/// <summary>
/// One connection to the hub through the official .NET SignalR client, as a .NET bot would open it: WebSockets
/// straight to /hubs/chat, the JSON protocol with the wire format of <see cref="Json"/>. Every server event
/// (each method of <see cref="IChatClient"/>) is recorded in arrival order with its argument as JSON.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly System.Reflection.MethodInfo[] ServerEvents = typeof(IChatClient).GetMethods();

    private readonly HubConnection _connection;
    private readonly Lock _lock = new();
    private readonly List<HubEvent> _events = [];
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubClient(HubConnection connection)
    {
        _connection = connection;
        foreach (var serverEvent in ServerEvents)
        {
            var target = serverEvent.Name;
            var parameterTypes = serverEvent.GetParameters().Select(_ => typeof(JsonElement)).ToArray();
            connection.On(target, parameterTypes, arguments => Record(new HubEvent(target, arguments.Length > 0 ? (JsonElement)arguments[0]! : default)));
        }

        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            Signal();
            return Task.CompletedTask;
        };
    }

    /// <summary>Completes when the connection ends, whoever ended it (the server, the network, <see cref="DisposeAsync"/>).</summary>
    public Task Closed => _closed.Task;

    public bool IsOpen => _connection.State == HubConnectionState.Connected && !_closed.Task.IsCompleted;

    /// <summary>
    /// Connects with a bearer token (sent as the Authorization header of the WebSocket request) and returns once the
    /// server says <c>ready</c>. A refused handshake throws <see cref="HttpRequestException"/> with its status code;
    /// a connection the hub closes before <c>ready</c> (too many connections) throws the <see cref="HubException"/>
    /// it closed with.
    /// </summary>
    public static Task<HubClient> ConnectAsync(Uri baseAddress, string accessToken) =>
        ConnectAsync(baseAddress, options => options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken));

    /// <summary>Connects the way a signed-in browser does: with its session cookie instead of a token.</summary>
    public static Task<HubClient> ConnectWithCookieAsync(Uri baseAddress, string sessionCookie) =>
        ConnectAsync(baseAddress, options => options.Headers["Cookie"] = $"parley.session={sessionCookie}");

    private static async Task<HubClient> ConnectAsync(Uri baseAddress, Action<HttpConnectionOptions> authenticate)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, RealtimeSetup.HubPath), HttpTransportType.WebSockets, options =>
            {
                options.SkipNegotiation = true;
                options.WebSocketFactory = OpenWebSocketAsync;
                authenticate(options);
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions = Json.Options)
            .Build();
        var client = new HubClient(connection);
        try
        {
            using var timeout = new CancellationTokenSource(DefaultTimeout);
            await connection.StartAsync(timeout.Token);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        try
        {
            // Like any client: its conversations' events flow once the server says ready, not at the handshake.
            await client.WaitForAsync<JsonElement>("ready");
        }
        catch (Exception notReady)
        {
            var closedWith = client._closed.Task.IsCompletedSuccessfully ? client._closed.Task.Result : null;
            await client.DisposeAsync();
            if (notReady is InvalidOperationException && closedWith is HubException refused)
            {
                throw refused;
            }

            throw;
        }

        return client;
    }

    /// <summary>Calls a hub method and returns its result; a hub error throws <see cref="HubException"/> (its code: <see cref="HubErrors.Code"/>).</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] arguments) =>
        await await StartInvocationAsync(method, arguments);

    public async Task<T> InvokeAsync<T>(string method, params object?[] arguments) => Json.Read<T>(await InvokeAsync(method, arguments));

    /// <summary>
    /// Starts a call and returns the task of its answer: calls started one after another reach the server in that
    /// order while all of them are in flight, as from a client sending faster than the round trip.
    /// </summary>
    /// <remarks>
    /// The order holds because of how <see cref="HubConnection"/> sends: an invocation waits for the connection's
    /// send lock (a <see cref="SemaphoreSlim"/>, whose asynchronous waiters are served first come, first served)
    /// before this method returns, and writes and flushes its message to the transport while holding it.
    /// </remarks>
    public Task<Task<JsonElement>> StartInvocationAsync(string method, params object?[] arguments)
    {
        // JsonElement? because a method that returns nothing completes with no result, which cannot unbox to a struct.
        var answer = _connection.InvokeCoreAsync<JsonElement?>(method, arguments);
        return Task.FromResult(AnswerAsync(answer));

        static async Task<JsonElement> AnswerAsync(Task<JsonElement?> answer) => await answer.WaitAsync(DefaultTimeout) ?? default;
    }

    /// <summary>Sends a call and does not wait for any answer (as a client whose connection drops right after sending).</summary>
    public Task SendInvocationAsync(string method, params object?[] arguments) => _connection.SendCoreAsync(method, arguments);

    /// <summary>Every server event received so far, in order.</summary>
    public IReadOnlyList<HubEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<T> EventsOf<T>(string target) => [.. Events.Where(e => e.Target == target).Select(e => Json.Read<T>(e.Argument))];

    /// <summary>
    /// Waits for an event (already received or still to come) that matches; <paramref name="match"/> is tried on
    /// every event of that name each time one arrives. Fails when the deadline passes or the connection closes first.
    /// </summary>
    public async Task<T> WaitForAsync<T>(string target, Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Task changed;
            List<HubEvent> received;
            lock (_lock)
            {
                changed = _changed.Task;
                received = [.. _events];
            }

            foreach (var e in received.Where(e => e.Target == target))
            {
                var payload = Json.Read<T>(e.Argument);
                if (match is null || match(payload))
                {
                    return payload;
                }
            }

            var seen = string.Join(", ", received.Select(e => e.Target));
            if (_closed.Task.IsCompleted)
            {
                throw new InvalidOperationException($"The connection closed before a '{target}' event matched. Received: {seen}", _closed.Task.Result);
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No '{target}' event matched within {limit.TotalSeconds} s. Received: {seen}");
            }

            try
            {
                await changed.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
                // The next pass looks once more, then reports what did arrive.
            }
        }
    }

    /// <summary>
    /// A barrier, for asserting that an event did NOT arrive: sends a message to a conversation this connection
    /// belongs to and waits until each observer (this connection, if none is given) has received it. Events reach a
    /// connection in the order they were published, and messages are published in the order they were stored, so
    /// once the barrier is in, so is every event published before it, including those of calls that have returned.
    /// </summary>
    public async Task<MessageDto> SendBarrierAsync(long conversationId, params HubClient[] observers)
    {
        var barrier = await InvokeAsync<MessageDto>("SendMessage", new { roomId = conversationId, text = "(barrier)" });
        foreach (var observer in observers.Length > 0 ? observers : [this])
        {
            await observer.WaitForAsync<MessageDto>("messageReceived", m => m.Id == barrier.Id);
        }

        return barrier;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>
    /// Opens the WebSocket as the client's own factory does for HTTP/1.1 (the configured headers, the token as the
    /// Authorization header), but keeps the upgrade's status: a refused handshake (401 for a bad or revoked token,
    /// 403, …) throws <see cref="HttpRequestException"/> with it, where the client's own would throw a
    /// <see cref="WebSocketException"/> that says it only in prose.
    /// </summary>
    private static async ValueTask<WebSocket> OpenWebSocketAsync(WebSocketConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var (name, value) in context.Options.Headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        if (context.Options.AccessTokenProvider is { } tokenProvider && await tokenProvider() is { Length: > 0 } token)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }

        try
        {
            await socket.ConnectAsync(context.Uri, cancellationToken);
            return socket;
        }
        catch (WebSocketException refused) when (socket.HttpStatusCode != 0)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new HttpRequestException($"The hub refused the connection: {(int)status} {status}.", refused, status);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private Task Record(HubEvent hubEvent)
    {
        lock (_lock)
        {
            _events.Add(hubEvent);
        }

        Signal();
        return Task.CompletedTask;
    }

    /// <summary>Wakes every waiter: something changed (an event arrived, or the connection closed).</summary>
    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}

public sealed record HubEvent(string Target, JsonElement Argument);

/// <summary>Reads the stable code a Parley hub error leads with ("[not_a_member] Join this room…"; docs/events.md).</summary>
public static class HubErrors
{
    public static string? Code(this HubException error) =>
        System.Text.RegularExpressions.Regex.Match(error.Message, @"\[([a-z_]+)\]") is { Success: true } match ? match.Groups[1].Value : null;
}
