using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Observability;
using Parley.Infrastructure.Redis;

namespace Parley.Realtime;

public static class RealtimeSetup
{
    public const string HubPath = "/hubs/chat";

    /// <summary>How often the server pings a quiet connection; a client must allow at least twice this (the web client: 12 s).</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(5);

    /// <summary>SignalR, the event bus and its handlers, and this node's connection registry.</summary>
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR(hub =>
            {
                // Room for the largest valid call (4,000 four-byte characters, JSON-escaped) so that an over-long
                // message is refused with a reason by SendMessage; only frames beyond this close the connection.
                hub.MaximumReceiveMessageSize = 64 * 1024;
                // A connection's sends overlap so that they share group commits (SendOrder keeps them in order);
                // one call at a time would cap a sender at one message per disk flush.
                hub.MaximumParallelInvocationsPerClient = 32;
                // A dead network closes nothing: only silence tells. The server pings a quiet connection every 5 s, so the
                // web client, which gives up after 12 s without a word (state/hub.ts), notices a dead link within 7-12 s
                // instead of SignalR's default 30 s of showing "connected". ClientTimeoutInterval (how long the server
                // waits on a silent client) stays at its default of 30 s: SignalR clients with default settings ping
                // only every 15 s, and a shorter wait would drop every idle bot on a healthy network.
                hub.KeepAliveInterval = KeepAliveInterval;
                hub.AddFilter<HubErrorFilter>();
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));

        builder.Services.AddSingleton(BrowserOrigins.From(builder.Configuration.GetSection(ParleyOptions.Section).Get<ParleyOptions>() ?? new ParleyOptions()));
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<ClusterPresence>();
        builder.Services.AddSingleton<IPresence>(sp => sp.GetRequiredService<ClusterPresence>());
        builder.Services.AddSingleton<HubLifetimeManager<ChatHub>, ParleyHubLifetimeManager>();
        builder.Services.AddSingleton<PresenceBroadcaster>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PresenceBroadcaster>());
        builder.Services.AddSingleton<ReadReceiptSharing>();
        // Handlers run in registration order: caches (access, sessions, receipts) are current before anyone is told.
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<Accounts.SessionStore>());
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<ReadReceiptSharing>());
        builder.Services.AddSingleton<IEventSubscriber, ConnectionAudit>();
        builder.Services.AddSingleton<IEventSubscriber, HubDelivery>();
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<PresenceBroadcaster>());
        if (RedisSetup.IsConfigured(builder.Configuration))
        {
            // Several nodes: heartbeats tell which are alive, and the dead ones' people go offline.
            builder.Services.AddSingleton<NodeHeartbeat>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeHeartbeat>());
            builder.Services.AddSingleton<PresenceRequests>();
            builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<PresenceRequests>());
        }

        // SignalR logs every exception a hub method, OnConnectedAsync or OnDisconnectedAsync throws as an error with its
        // stack trace, refusals included (a call by a non-member, one connection too many); the filter below logs what
        // deserves it (unexpected failures as errors, refusals at debug level) instead. The rest of what these two write
        // is debug detail, besides a warning about refreshed authentication, which Parley's connections never do.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.HubConnectionHandler", LogLevel.Critical);
        return builder;
    }

    /// <summary>
    /// The hub (negotiate and WebSocket alike) answers only pages of Parley's own origin and the allowed ones
    /// (<see cref="BrowserOrigins"/>): WebSockets are exempt from the browser's same-origin rules, and a page on a
    /// sibling subdomain is "same-site", so the SameSite cookie alone would let it open a connection as its visitor.
    /// </summary>
    public static WebApplication UseHubOriginCheck(this WebApplication app)
    {
        var origins = app.Services.GetRequiredService<BrowserOrigins>();
        app.UseWhen(http => http.Request.Path.StartsWithSegments(HubPath), hub => hub.Use(async (http, next) =>
        {
            if (origins.IsAllowed(http.Request))
            {
                await next(http);
                return;
            }

            await ApiError.Forbidden("origin_not_allowed", $"Pages from {http.Request.Headers.Origin} may not connect to this server's hub.")
                .ToProblem().ExecuteAsync(http);
        }));
        return app;
    }

    public static IEndpointRouteBuilder MapRealtime(this IEndpointRouteBuilder app)
    {
        app.MapHub<ChatHub>(HubPath, connection =>
        {
            // Bound what one slow client can hold on the server; it reconnects and catches up with after=.
            connection.TransportMaxBufferSize = 64 * 1024;
            connection.ApplicationMaxBufferSize = 64 * 1024;
            // A connection lives no longer than the cookie or token it was opened with (revoking a session closes it
            // at once, through SessionRevoked).
            connection.CloseOnAuthenticationExpiration = true;
            // Every client Parley knows (the web app, the .NET client, the benchmark) speaks WebSockets; the fallback
            // transports would only be more surface, with their own buffering, for nobody.
            connection.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
        });
        return app;
    }
}

/// <summary>
/// Every hub call and every new connection: counted against the caller's request allowance, and failing with a coded
/// sentence the caller can show. Refusals are ordinary (not a member, invalid, too fast, too many connections) and
/// logged at debug level without a stack trace; unexpected failures are logged as errors and never crash the connection.
/// </summary>
internal sealed partial class HubErrorFilter(UserRateLimiter limits, ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            await TakeRequestPermitAsync(invocationContext.Context);
            return await next(invocationContext);
        }
        catch (HubException refused)
        {
            LogRefused(invocationContext.HubMethodName, refused.Message);
            throw;
        }
        catch (OperationCanceledException) when (invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            // The caller hung up mid-call: nobody is left to answer, and nothing went wrong here.
            LogCallerGone(invocationContext.HubMethodName);
            throw;
        }
        catch (ServerStoppingException)
        {
            LogRefused(invocationContext.HubMethodName, "the server is shutting down");
            throw ShutdownState.Refusal(invocationContext.HubMethodName == nameof(ChatHub.SendMessage) ? "Sending the message" : invocationContext.HubMethodName).ToHubException();
        }
        catch (Exception ex) when (DatabaseOutage.IsOutage(ex))
        {
            LogDatabaseUnavailable(invocationContext.HubMethodName, ex.GetBaseException().Message);
            throw DatabaseOutage.Error(invocationContext.HubMethodName == nameof(ChatHub.SendMessage) ? "Sending the message" : invocationContext.HubMethodName).ToHubException();
        }
        catch (Exception ex)
        {
            LogFailed(ex, invocationContext.HubMethodName);
            throw new ApiError(StatusCodes.Status500InternalServerError, "server_error", invocationContext.HubMethodName == nameof(ChatHub.SendMessage)
                ? "The message could not be sent because of a server error. It was not stored; send it again."
                : $"{invocationContext.HubMethodName} failed because of a server error. Try again.").ToHubException();
        }
    }

    /// <summary>A refusal here closes the connection; SignalR sends its message to the client and tells it not to reconnect.</summary>
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            // Connecting costs a request: reconnecting in a loop is as limited as calling in one.
            await TakeRequestPermitAsync(context.Context);
            await next(context);
        }
        catch (HubException refused)
        {
            LogConnectionRefused(refused.Message);
            throw;
        }
        catch (OperationCanceledException) when (context.Context.ConnectionAborted.IsCancellationRequested)
        {
            LogConnectionGone();
            throw;
        }
        catch (Exception ex)
        {
            LogConnectFailed(ex);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        catch (Exception ex)
        {
            LogDisconnectFailed(ex);
            throw;
        }
    }

    private async ValueTask TakeRequestPermitAsync(HubCallerContext caller)
    {
        if (await limits.TryTakeAsync(UserLimit.Requests, Accounts.CurrentUser.GetUserId(caller.User!)) is { } tooFast)
        {
            throw tooFast.ToHubException();
        }
    }

    [LoggerMessage(LogLevel.Debug, "Hub call {Method} refused: {Reason}")]
    private partial void LogRefused(string method, string reason);

    [LoggerMessage(LogLevel.Debug, "Hub call {Method} abandoned: the connection closed")]
    private partial void LogCallerGone(string method);

    [LoggerMessage(LogLevel.Warning, "Hub call {Method} failed: the database cannot be reached ({Reason})")]
    private partial void LogDatabaseUnavailable(string method, string reason);

    [LoggerMessage(LogLevel.Error, "Hub method {Method} failed")]
    private partial void LogFailed(Exception ex, string method);

    [LoggerMessage(LogLevel.Debug, "Hub connection refused: {Reason}")]
    private partial void LogConnectionRefused(string reason);

    [LoggerMessage(LogLevel.Debug, "Hub connection closed by the client while it was being set up")]
    private partial void LogConnectionGone();

    [LoggerMessage(LogLevel.Error, "Setting up a hub connection failed")]
    private partial void LogConnectFailed(Exception ex);

    [LoggerMessage(LogLevel.Error, "Cleaning up after a hub connection failed")]
    private partial void LogDisconnectFailed(Exception ex);
}
