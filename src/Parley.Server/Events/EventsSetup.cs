using Parley.Infrastructure.Redis;

namespace Parley.Events;

public static class EventsSetup
{
    /// <summary>The event bus: in this process with one node; over Redis when several nodes share one (Parley:Redis).</summary>
    public static WebApplicationBuilder AddEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LocalSubscribers>();
        if (RedisSetup.IsConfigured(builder.Configuration))
        {
            builder.Services.AddSingleton<RedisEventBus>();
            builder.Services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<RedisEventBus>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisEventBus>());
        }
        else
        {
            builder.Services.AddSingleton<IEventBus, InProcessEventBus>();
        }

        return builder;
    }
}
