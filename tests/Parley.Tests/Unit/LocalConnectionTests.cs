using System.IO.Pipelines;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Accounts;
using Parley.Realtime;

namespace Parley.Tests.Unit;

/// <summary>
/// A connection whose client stops reading: real SignalR parts (HubConnectionContext, JSON protocol) over a
/// transport pipe that nobody drains, with a small buffer so the back-pressure comes quickly.
/// </summary>
public sealed class LocalConnectionTests
{
    [Fact]
    public void Send_ToAClientThatStoppedReading_NeverBlocksTheSender_AndDisconnectsItOnceTooFarBehind()
    {
        var (connection, context, _) = Create();

        var started = DateTime.UtcNow;
        for (var i = 0; i <= LocalConnection.MaxQueuedMessages + 200; i++)
        {
            connection.Send(Message(i));
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "Sending to a stalled client returns at once.");
        Assert.True(context.ConnectionAborted.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)), "A client too far behind is disconnected.");
    }

    [Fact]
    public async Task Send_ToASlowClientThatCatchesUp_DeliversEverythingInOrder()
    {
        var (connection, context, transport) = Create();
        const int count = 300;

        for (var i = 0; i < count; i++)
        {
            connection.Send(Message(i));
        }

        Assert.True(connection.Backlog > 0, "The small buffer filled, so messages queued.");
        var received = await ReadMessagesAsync(transport.Input, count);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m{i}"), received);
        Assert.False(context.ConnectionAborted.IsCancellationRequested);
    }

    private static SerializedHubMessage Message(int i) => new(new InvocationMessage("messageReceived", [new { text = $"m{i}" }]));

    private static (LocalConnection Connection, HubConnectionContext Context, IDuplexPipe Client) Create()
    {
        // What the server writes (toClient) pauses after 1 KB until the client reads.
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512, useSynchronizationContext: false));
        var toServer = new Pipe();
        var connectionContext = new DefaultConnectionContext("c1", new Duplex(toServer.Reader, toClient.Writer), new Duplex(toClient.Reader, toServer.Writer))
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "7"), new Claim(ParleyClaims.SessionId, Guid.NewGuid().ToString())], "test")),
        };
        var context = new HubConnectionContext(connectionContext, new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromMinutes(1), ClientTimeoutInterval = TimeSpan.FromMinutes(1) }, NullLoggerFactory.Instance)
        {
            Protocol = new JsonHubProtocol(),
        };
        return (new LocalConnection(context, NullLogger.Instance), context, connectionContext.Application!);
    }

    private static async Task<List<string>> ReadMessagesAsync(PipeReader reader, int count)
    {
        var texts = new List<string>();
        var buffer = new StringBuilder();
        while (texts.Count < count)
        {
            var result = await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            foreach (var segment in result.Buffer)
            {
                buffer.Append(Encoding.UTF8.GetString(segment.Span));
            }

            reader.AdvanceTo(result.Buffer.End);
            var records = buffer.ToString().Split('\u001e');
            buffer.Clear().Append(records[^1]);
            texts.AddRange(records[..^1].Select(r => System.Text.Json.JsonDocument.Parse(r).RootElement.GetProperty("arguments")[0].GetProperty("text").GetString()!));
        }

        return texts;
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
