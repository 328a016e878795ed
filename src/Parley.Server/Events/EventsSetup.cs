namespace Parley.Events;

public static class EventsSetup
{
    /// <summary>The event bus: in this process today; every node's handlers behind the same interface later.</summary>
    public static WebApplicationBuilder AddEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IEventBus, InProcessEventBus>();
        return builder;
    }
}
