using Microsoft.AspNetCore.SignalR;

namespace Parley.Realtime;

/// <summary>
/// SignalR's own lifetime manager, plus one duty: it hands every connection to the <see cref="ConnectionRegistry"/>,
/// which delivers events itself (non-blocking, one serialization per event) instead of through SignalR groups.
/// </summary>
internal sealed class ParleyHubLifetimeManager(ILogger<DefaultHubLifetimeManager<ChatHub>> logger, ConnectionRegistry registry)
    : DefaultHubLifetimeManager<ChatHub>(logger)
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        registry.Attach(connection);
        Infrastructure.Observability.ParleyMetrics.ConnectionOpened();
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        registry.Remove(connection.ConnectionId);
        Infrastructure.Observability.ParleyMetrics.ConnectionClosed();
        await base.OnDisconnectedAsync(connection);
    }
}
