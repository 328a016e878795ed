using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Parley.Infrastructure.Observability;
using Parley.Messages;

namespace Parley.Tests.Integration;

/// <summary>What a load balancer and a process supervisor see: liveness, readiness, and a stop that loses nothing.</summary>
public sealed class OperationsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    /// <summary>Liveness depends on nothing: a database outage must not get a healthy process restarted by its supervisor.</summary>
    [Fact]
    public async Task Health_WhileTheDatabaseIsDown_StillAnswersHealthy()
    {
        await using var database = await OwnDatabase.StartAsync();
        await using var server = await ParleyServer.StartAsync(database.Settings);
        using var anonymous = ApiClient.Anonymous(server);

        await database.StopAsync();

        using var response = await anonymous.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A node whose database is gone takes no traffic: /ready answers 503 and names the database, and nothing more.</summary>
    [Fact]
    public async Task Ready_WhenTheDatabaseIsUnreachable_Answers503NamingTheDatabase()
    {
        await using var database = await OwnDatabase.StartAsync();
        await using var server = await ParleyServer.StartAsync(database.Settings);
        using var anonymous = ApiClient.Anonymous(server);
        using (var before = await anonymous.GetAsync(new Uri("/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await database.StopAsync();

        // A probe's answer is reused for a second, so the outage shows on the next fresh one.
        HttpResponseMessage? refused = null;
        await Poll.UntilAsync(async () =>
        {
            refused?.Dispose();
            refused = await anonymous.GetAsync(new Uri("/ready", UriKind.Relative));
            return refused.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, Deadline, "/ready answers 503 once the database is gone");
        using (refused)
        {
            Assert.Equal("application/problem+json", refused!.Content.Headers.ContentType?.MediaType);
            var body = await refused.Content.ReadAsStringAsync();
            using var problem = JsonDocument.Parse(body);
            Assert.Equal("not_ready", problem.RootElement.GetProperty("code").GetString());
            var checks = problem.RootElement.GetProperty("checks");
            Assert.Equal("unhealthy", checks.GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("The database cannot be reached.", checks.GetProperty("database").GetProperty("description").GetString());
            Assert.Equal("healthy", checks.GetProperty("shutdown").GetProperty("status").GetString());
            // The connection string's host and account stay out of an anonymous answer.
            Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
            Assert.DoesNotContain("postgres", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>A node with its database migrated answers ready, check by check; Redis is asked only when configured.</summary>
    [Fact]
    public async Task Ready_WithTheDatabaseMigrated_AnswersReadyForEachCheck()
    {
        await using var server = await ParleyServer.StartAsync();
        using var anonymous = ApiClient.Anonymous(server);

        using var response = await anonymous.GetAsync(new Uri("/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", report.RootElement.GetProperty("status").GetString());
        var checks = report.RootElement.GetProperty("checks");
        Assert.Equal(["database", "shutdown"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("healthy", c.Value.GetProperty("status").GetString()));
    }

    /// <summary>
    /// A stop drains the writer: every message it accepted is committed before the process ends, even when the
    /// database is slow at that moment; meanwhile /ready answers 503, new hub connections are turned away and a send on
    /// an open one is refused with shutting_down (nothing stored), so a load balancer and reconnecting clients go to
    /// another node and send there.
    /// </summary>
    [Fact]
    public async Task Shutdown_WithWritesQueuedBehindABusyDatabase_CommitsEveryAcceptedMessageWhileReadyAnswers503()
    {
        await using var server = await ParleyServer.StartAsync();
        using var owner = await ApiClient.RegisterAsync(server);
        var room = await owner.CreateRoomAsync();
        var writer = server.GetRequiredService<MessageWriter>();
        using var anonymous = ApiClient.Anonymous(server);
        await using var hub = await owner.ConnectHubAsync();

        Task stopping;
        List<Task<MessageDto>> accepted;
        await using (var hold = await HoldMessageWritesAsync(server))
        {
            accepted = [.. Enumerable.Range(0, 20).Select(i => writer.WriteAsync(new NewMessage(room.Id, owner.Id, MessageKind.Text, $"queued {i}", ClientMessageId: Guid.NewGuid().ToString())))];
            stopping = Task.Run(server.StopAsync);

            await Poll.UntilAsync(async () =>
            {
                using var ready = await anonymous.GetAsync(new Uri("/ready", UriKind.Relative));
                return ready.StatusCode == HttpStatusCode.ServiceUnavailable;
            }, Deadline, "/ready answers 503 while the node drains");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await OpenHubSocketAsync(server));
            // A send on a connection still open is refused as passing, so the client sends it again once reconnected elsewhere.
            var late = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "too late", clientMessageId = Guid.NewGuid().ToString() }));
            Assert.Equal(ShutdownState.Code, late.Code());
            Assert.False(stopping.IsCompleted, "The stop finished before the accepted messages were committed.");
        }

        await stopping.WaitAsync(Deadline);
        var stored = await Task.WhenAll(accepted);
        await server.StartAsync();

        using var reader = await ApiClient.SignInAsync(server, owner.Username, owner.Password);
        var history = await reader.AllMessagesAsync(room.Id);
        Assert.Equal(stored.Select(m => (m.Id, m.Text)), history.Where(m => m.Kind == MessageKind.Text).Select(m => (m.Id, m.Text)));
    }

    /// <summary>
    /// A stop under load: the clients' connections are closed (so they reconnect elsewhere), and every message they
    /// had acknowledged is there after the node comes back on the same data; what was unacknowledged is sent again once.
    /// </summary>
    [Fact]
    public async Task Shutdown_WhileClientsAreSending_ClosesTheirConnectionsAndKeepsEveryAcknowledgedMessage()
    {
        await using var server = await ParleyServer.StartAsync();
        using var owner = await ApiClient.RegisterAsync(server);
        var room = await owner.CreateRoomAsync();
        var senders = new List<ApiClient>();
        var hubs = new List<HubClient>();
        for (var i = 0; i < 3; i++)
        {
            var sender = await ApiClient.RegisterAsync(server);
            await sender.JoinAsync(room.Id);
            senders.Add(sender);
            hubs.Add(await sender.ConnectHubAsync());
        }

        var acknowledged = new ConcurrentDictionary<string, MessageDto>();
        var attempted = new ConcurrentDictionary<string, (ApiClient Sender, string Text)>();
        var enoughAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = senders.Zip(hubs).Select(async pair =>
        {
            var (sender, hub) = pair;
            // Several calls in flight per connection, as a fast client has: the stop catches some of them mid-way.
            var inFlight = new List<Task>();
            for (var n = 0; hub.IsOpen; n++)
            {
                var clientMessageId = Guid.NewGuid().ToString();
                var text = $"{sender.Username} #{n}";
                attempted[clientMessageId] = (sender, text);
                try
                {
                    var answer = await hub.StartInvocationAsync("SendMessage", new { roomId = room.Id, text, clientMessageId });
                    inFlight.Add(AcknowledgeAsync(clientMessageId, answer));
                }
                catch (Exception ex) when (ex is InvalidOperationException or WebSocketException)
                {
                    break;
                }

                if (inFlight.Count >= 8)
                {
                    await inFlight[0];
                    inFlight.RemoveAt(0);
                }
            }

            await Task.WhenAll(inFlight);
        }).ToList();

        async Task AcknowledgeAsync(string clientMessageId, Task<JsonElement> answer)
        {
            try
            {
                acknowledged[clientMessageId] = Json.Read<MessageDto>(await answer);
                if (acknowledged.Count >= 100)
                {
                    enoughAcknowledged.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is HubException or InvalidOperationException or TimeoutException or WebSocketException or TaskCanceledException)
            {
                // Cut off by the stop: maybe stored, never acknowledged; sent again below.
            }
        }

        await enoughAcknowledged.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await server.StopAsync().WaitAsync(Deadline);
        await Task.WhenAll(hubs.Select(h => h.Closed)).WaitAsync(Deadline);
        await Task.WhenAll(sending).WaitAsync(Deadline);
        await server.StartAsync();

        using var reader = await ApiClient.SignInAsync(server, owner.Username, owner.Password);
        var stored = (await reader.AllMessagesAsync(room.Id)).Where(m => m.ClientMessageId is not null).ToDictionary(m => m.ClientMessageId!);
        Assert.All(acknowledged, ack =>
        {
            Assert.True(stored.TryGetValue(ack.Key, out var found), $"Acknowledged message {ack.Value.Id} is missing after the restart.");
            Assert.Equal((ack.Value.Id, ack.Value.Text), (found.Id, found.Text));
        });

        foreach (var (clientMessageId, (sender, text)) in attempted.Where(a => !acknowledged.ContainsKey(a.Key)))
        {
            using var again = await ApiClient.SignInAsync(server, sender.Username, sender.Password);
            await using var hub = await again.ConnectHubAsync();
            await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text, clientMessageId });
        }

        var afterRetry = await reader.AllMessagesAsync(room.Id);
        Assert.Equal(attempted.Keys.Order(), afterRetry.Where(m => m.ClientMessageId is not null).Select(m => m.ClientMessageId!).Order());
        foreach (var hub in hubs)
        {
            await hub.DisposeAsync();
        }

        senders.ForEach(s => s.Dispose());
    }

    /// <summary>A PostgreSQL cluster of the test's own, to take away from under a running server.</summary>
    private sealed class OwnDatabase : IAsyncDisposable
    {
        private PostgresServer? _cluster;

        private OwnDatabase(PostgresServer cluster, string connectionString)
        {
            _cluster = cluster;
            Settings = new Dictionary<string, string> { [ParleyServer.ProviderSetting] = "postgres", [ParleyServer.ConnectionStringSetting] = connectionString };
        }

        public IReadOnlyDictionary<string, string> Settings { get; }

        public static async Task<OwnDatabase> StartAsync()
        {
            var cluster = await PostgresServer.StartAsync();
            return new OwnDatabase(cluster, await cluster.CreateDatabaseAsync());
        }

        /// <summary>Stops the cluster (and deletes it): from now on every connection to it is refused.</summary>
        public async Task StopAsync()
        {
            if (Interlocked.Exchange(ref _cluster, null) is { } cluster)
            {
                await cluster.DisposeAsync();
            }
        }

        public async ValueTask DisposeAsync() => await StopAsync();
    }

    /// <summary>Opens a WebSocket to the hub as a client does, and returns the status the server answered the upgrade with.</summary>
    private static async Task<HttpStatusCode> OpenHubSocketAsync(ParleyServer server)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var hub = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/hubs/chat" }.Uri;
        try
        {
            await socket.ConnectAsync(hub, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Refused: the status says why.
        }

        return socket.HttpStatusCode;
    }

    /// <summary>
    /// Holds the database's lock on new messages from outside the server until disposed, as a slow disk or a long
    /// transaction would: the writer's commits wait, and everything sent meanwhile queues in the writer.
    /// </summary>
    private static async Task<DbConnection> HoldMessageWritesAsync(ParleyServer server)
    {
        var database = server.GetRequiredService<ParleyDatabase>();
        // Unpooled: the held transaction ends with the connection instead of travelling on in a pool.
        DbConnection connection = database.IsPostgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString())
            : new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // SQLite: the one write lock. PostgreSQL: SHARE mode lets readers through and makes every insert wait.
        command.CommandText = database.IsPostgres ? "BEGIN; LOCK TABLE \"Messages\" IN SHARE MODE;" : "BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync();
        return connection;
    }
}
