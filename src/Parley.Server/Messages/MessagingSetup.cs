using Parley.Infrastructure.Data;
using Parley.Infrastructure.Observability;

namespace Parley.Messages;

public static class MessagingSetup
{
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IMessageStore>(sp => sp.GetRequiredService<ParleyDatabase>() is { IsPostgres: true } postgres
            ? new PostgresMessageStore(postgres)
            : new SqliteMessageStore(sp.GetRequiredService<ParleyDatabase>()));
        builder.Services.AddSingleton<MessageWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MessageWriter>());
        builder.Services.DrainBeforeStopping<MessageWriter>((writer, stopping) => writer.StopAsync(stopping));
        builder.Services.AddScoped<MessageActions>();
        builder.Services.AddScoped<MessageChanges>();
        builder.Services.AddScoped<MessageQueries>();
        return builder;
    }
}
