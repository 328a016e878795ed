using Parley.Events;

namespace Parley.Access;

public static class AccessSetup
{
    /// <summary>The access helper and what it needs: the membership cache (kept current by events) and blocks.</summary>
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MembershipCache>();
        // First among the event handlers: access checks see a change before anyone is told of it.
        builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<MembershipCache>());
        builder.Services.AddScoped<Blocks>();
        builder.Services.AddScoped<ConversationAccess>();
        builder.Services.AddScoped<SiteAccess>();
        return builder;
    }
}
