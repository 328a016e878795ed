using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Parley.Events;
using Parley.Infrastructure;

namespace Parley.Realtime;

public static class RealtimeSetup
{
    public const string HubPath = "/hubs/chat";

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
                hub.AddFilter<HubErrorFilter>();
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));

        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<IPresence>(sp => sp.GetRequiredService<ConnectionRegistry>());
        builder.Services.AddSingleton<HubLifetimeManager<ChatHub>, ParleyHubLifetimeManager>();
        builder.Services.AddSingleton<PresenceBroadcaster>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PresenceBroadcaster>());
        builder.Services.AddSingleton<ReadReceiptSharing>();
        // Handlers run in registration order: caches (access, sessions, receipts) are current before anyone is told.
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<Accounts.SessionStore>());
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<ReadReceiptSharing>());
        builder.Services.AddSingleton<IEventSubscriber, HubDelivery>();
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<PresenceBroadcaster>());
        // SignalR logs every exception a hub method throws as an error with its stack trace, refusals included; the
        // filter below logs what deserves it (unexpected failures as errors, refusals at debug level) instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
        return builder;
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
        });
        return app;
    }
}

/// <summary>
/// Every hub call: counted against the caller's request allowance, and failing with a coded sentence the caller can
/// show. Refusals are ordinary (not a member, invalid, too fast) and logged at debug level without a stack trace;
/// unexpected failures are logged as errors and never crash the connection.
/// </summary>
internal sealed partial class HubErrorFilter(UserRateLimiter limits, ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            var userId = Accounts.CurrentUser.GetUserId(invocationContext.Context.User!);
            if (limits.TryTake(UserLimit.Requests, userId) is { } tooFast)
            {
                throw tooFast.ToHubException();
            }

            return await next(invocationContext);
        }
        catch (HubException refused)
        {
            LogRefused(invocationContext.HubMethodName, refused.Message);
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(ex, invocationContext.HubMethodName);
            throw new ApiError(StatusCodes.Status500InternalServerError, "server_error", invocationContext.HubMethodName == nameof(ChatHub.SendMessage)
                ? "The message could not be sent because of a server error. It was not stored; send it again."
                : $"{invocationContext.HubMethodName} failed because of a server error. Try again.").ToHubException();
        }
    }

    [LoggerMessage(LogLevel.Debug, "Hub call {Method} refused: {Reason}")]
    private partial void LogRefused(string method, string reason);

    [LoggerMessage(LogLevel.Error, "Hub method {Method} failed")]
    private partial void LogFailed(Exception ex, string method);
}
