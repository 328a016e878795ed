using System.Globalization;
using System.Text.Json.Serialization;
using Parley.Access;
using Parley.AccountDeletion;
using Parley.Accounts;
using Parley.Accounts.Mail;
using Parley.Administration;
using Parley.Audit;
using Parley.Conversations;
using Parley.DirectMessages;
using Parley.Events;
using Parley.Files;
using Parley.Gifs;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Infrastructure.Observability;
using Parley.Infrastructure.Operations;
using Parley.Infrastructure.Redis;
using Parley.Media;
using Parley.Messages;
using Parley.Moderation;
using Parley.Realtime;
using Parley.Rooms;
using Parley.Search;

namespace Parley;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (AdminCommand.Matches(args))
        {
            await using var tool = Build(AdminCommand.SettingsArguments(args));
            await tool.MigrateDatabaseAsync();
            return await AdminCommand.RunAsync(tool.Services, args, Console.Out);
        }

        if (DatabaseCommand.Matches(args))
        {
            await using var tool = Build(DatabaseCommand.SettingsArguments(args));
            return await DatabaseCommand.RunAsync(tool, args, Console.Out);
        }

        var app = Build(args);
        await app.MigrateDatabaseAsync();
        await app.WarnIfNoAdministratorAsync();
        await app.RunAsync();
        return 0;
    }

    /// <summary>The whole server, one line per concern. Tests build it the same way, with their own settings.</summary>
    public static WebApplication Build(string[] args)
    {
        // Answers, logs and notices read the same whatever the host's locale (LANG): the runtime's Unicode data is
        // there for normalising names (NameText), not for formatting.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        // Content root is the build output (appsettings.json, the client in web/), so the server finds its files
        // wherever it is started from; relative data paths stay relative to the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, WebRootPath = "web" });

        builder.Services.Configure<ParleyOptions>(builder.Configuration.GetSection(ParleyOptions.Section));
        builder.Services.AddSingleton<TimeProvider>(MicrosecondClock.Instance);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi();
        builder.AddObservability();

        builder.AddTrustedProxies();
        builder.AddErrorHandling();
        builder.AddRequestLimits();
        builder.AddClientApp();
        builder.AddParleyData();
        builder.AddParleyRedis();
        builder.AddRateLimits();
        builder.AddMedia();
        builder.AddEvents();
        builder.AddAccess();
        builder.AddAudit();
        builder.AddAccounts();
        builder.AddTwoFactor();
        builder.AddPasskeys();
        builder.AddMail();
        builder.AddPasswordRecovery();
        builder.AddEmailVerification();
        builder.AddGifs();
        builder.AddFiles();
        builder.AddMessaging();
        builder.AddConversations();
        builder.AddRooms();
        builder.AddDirectMessages();
        builder.AddAdministration();
        builder.AddModeration();
        builder.AddSearch();
        builder.AddAccountDeletion();
        builder.AddRealtime();
        builder.AddRuntimeSettings();

        var app = builder.Build();

        app.UseTrustedProxies();
        app.UseErrorHandling();
        app.UseSecurityHeaders();
        app.UseShutdownGate();
        app.UseHubOriginCheck();
        app.UseClientApp();
        app.UseAccounts();
        app.UseRateLimiter();

        app.MapOpenApi();
        // For load balancers, process supervisors, Prometheus and the benchmark: /health, /ready, /metrics.
        app.MapObservability();
        // Secure by default: every API endpoint needs a signed-in caller (unless it says AllowAnonymous) and,
        // when the caller rides on the browser's cookie, an antiforgery token on anything that changes state.
        var api = app.MapGroup("/api").RequireAuthorization().RequireAntiforgeryForCookies().RequireUserLimit(UserLimit.Requests);
        api.MapAccounts();
        api.MapSessions();
        api.MapTwoFactor();
        api.MapPersonalTokens();
        api.MapPasskeys();
        api.MapPasswords();
        api.MapEmail();
        api.MapUsers();
        api.MapProfiles();
        api.MapGifs();
        api.MapFiles();
        api.MapDataExport();
        api.MapRooms();
        api.MapConversations();
        api.MapDirectMessages();
        api.MapAdministration();
        api.MapModeration();
        api.MapSearch();
        api.MapAccountDeletion();
        api.MapServerSettings();
        api.MapInviteCodes();
        api.MapMailTest();
        app.MapRealtime();
        app.MapClientApp();

        return app;
    }
}
