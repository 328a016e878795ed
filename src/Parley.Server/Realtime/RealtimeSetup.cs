using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;

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
        builder.Services.AddSingleton<HubLifetimeManager<ChatHub>, ParleyHubLifetimeManager>();
        builder.Services.AddSingleton<PresenceBroadcaster>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PresenceBroadcaster>());
        builder.Services.AddSingleton<IEventBus, InProcessEventBus>();
        // Handlers run in this order: caches are current before anyone is told.
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<Conversations.MembershipCache>());
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<Accounts.SessionStore>());
        builder.Services.AddSingleton<IEventSubscriber, HubDelivery>();
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<PresenceBroadcaster>());
        return builder;
    }

    public static IEndpointRouteBuilder MapRealtime(this IEndpointRouteBuilder app)
    {
        app.MapHub<ChatHub>(HubPath, connection =>
        {
            // Bound what one slow client can hold on the server; it reconnects and catches up with after=.
            connection.TransportMaxBufferSize = 64 * 1024;
            connection.ApplicationMaxBufferSize = 64 * 1024;
        });
        return app;
    }
}

/// <summary>Hub calls fail with a sentence the caller can show; unexpected failures are logged, never crash the connection.</summary>
internal sealed partial class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception ex) when (ex is not HubException)
        {
            LogFailed(ex, invocationContext.HubMethodName);
            throw new HubException(invocationContext.HubMethodName == nameof(ChatHub.SendMessage)
                ? "The message could not be sent because of a server error. It was not stored; send it again."
                : $"{invocationContext.HubMethodName} failed because of a server error. Try again.");
        }
    }

    [LoggerMessage(LogLevel.Error, "Hub method {Method} failed")]
    private partial void LogFailed(Exception ex, string method);
}
