using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Administration;
using Parley.Audit;
using Parley.Rooms;
using static Parley.Tests.Integration.Files.FileCalls;

namespace Parley.Tests.Integration.Admin;

/// <summary>Server settings an administrator changes at run time: saved in the database, in force at once and after a restart.</summary>
public sealed class RuntimeSettingsTests
{
    /// <summary>
    /// An upload limit lowered in the console refuses the next larger upload at once, without a restart, and stays
    /// lowered after one: the stored value overrides the configuration. The change is in the audit log, old → new.
    /// </summary>
    [Fact]
    public async Task UploadLimit_LoweredByAnAdmin_RefusesLargerUploadsAtOnceAndAfterARestart()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        var room = await admin.CreateRoomAsync();
        await admin.UploadOkAsync(room.Id, [.. Pdf(), .. new byte[40_000]], "before.pdf");

        var saved = await admin.SaveSettingsOkAsync(new { files = new { maxFileBytes = 20_000 } });
        using var refusedAtOnce = await admin.UploadAsync(room.Id, [.. Pdf(), .. new byte[40_000]], "after.pdf");
        await server.StopAsync();
        await server.StartAsync();
        using var again = await ApiClient.SignInAsync(server, admin.Username, admin.Password);
        using var refusedAfterRestart = await again.UploadAsync(room.Id, [.. Pdf(), .. new byte[40_000]], "restarted.pdf");
        var small = await again.UploadOkAsync(room.Id, [.. Pdf(), .. new byte[1_000]], "small.pdf");

        Assert.Equal(20_000, saved.Files.MaxFileBytes);
        Assert.Equal((413, "file_too_large"), await refusedAtOnce.StatusAndCodeAsync());
        Assert.Equal((413, "file_too_large"), await refusedAfterRestart.StatusAndCodeAsync());
        Assert.Equal("small.pdf", small.Name);
        Assert.Equal(20_000, (await again.SettingsAsync()).Files.MaxFileBytes);
        Assert.Contains("Files:MaxFileBytes", (await again.SettingsAsync()).Stored);
        var line = Assert.Single(await server.AuditLogAsync(AuditActions.SettingChanged));
        Assert.Equal(("Files:MaxFileBytes", $"{25L * 1024 * 1024} → 20000", admin.Username), (line.TargetName, line.Details, line.ActorName));
    }

    /// <summary>
    /// A per-user rate limit changed in the console applies to the next requests: lowered, the new burst refuses the
    /// third room; raised again, the next room is created at once, without waiting for the old allowance to refill.
    /// </summary>
    [Fact]
    public async Task RateLimit_ChangedByAnAdmin_AppliesToTheNextRequests()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        using var alice = await ApiClient.RegisterAsync(server);

        await admin.SaveSettingsOkAsync(new { rateLimits = new[] { new { limit = "roomsCreated", burst = 2, perMinute = 1 } } });
        var lowered = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await alice.PostAsync("/api/rooms", new { name = ApiClient.UniqueName("limited"), visibility = "public" });
            lowered.Add(response.StatusCode);
        }

        var raised = await admin.SaveSettingsOkAsync(new { rateLimits = new[] { new { limit = "roomsCreated", burst = 10, perMinute = 1 } } });
        using var afterRaise = await alice.PostAsync("/api/rooms", new { name = ApiClient.UniqueName("raised"), visibility = "public" });

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], lowered);
        Assert.Equal(HttpStatusCode.Created, afterRaise.StatusCode);
        Assert.Equal(new RateLimitDto(Parley.Infrastructure.UserLimit.RoomsCreated, 10, 1), raised.RateLimits.Single(l => l.Limit == Parley.Infrastructure.UserLimit.RoomsCreated));
        Assert.Equal(["burst 2, 1/min → burst 10, 1/min", "burst 100000, 1/min → burst 2, 1/min"],
            (await server.AuditLogAsync(AuditActions.SettingChanged)).Select(l => l.Details));
    }

    /// <summary>Default rooms changed in the console are created at once, and the next new account joins them.</summary>
    [Fact]
    public async Task DefaultRooms_ChangedByAnAdmin_AreCreatedAndNewAccountsJoinThem()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));

        var saved = await admin.SaveSettingsOkAsync(new { defaultRooms = new[] { "lobby", "Lobby", "", "help-desk" } });
        using var newcomer = await ApiClient.RegisterAsync(server);
        var rooms = await ApiClient.ReadAsync<List<RoomDto>>(newcomer.GetAsync("/api/rooms"));

        Assert.Equal(["lobby", "help-desk"], saved.DefaultRooms);
        Assert.Equal(["help-desk", "lobby"], rooms.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Values out of range are refused with an error per field, and nothing is saved: not even the valid fields sent
    /// with them, and no audit line.
    /// </summary>
    [Fact]
    public async Task Save_InvalidValues_AreRefusedWithFieldErrorsAndNothingChanges()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        var before = await admin.SettingsAsync();

        using var response = await admin.SaveSettingsAsync(new
        {
            registrationMode = "closed",
            defaultRooms = new[] { "fine", new string('x', 200) },
            files = new { maxFileBytes = 10, quotaBytesPerUser = -1 },
            rateLimits = new[] { new { limit = "messages", burst = 0, perMinute = 5 } },
            mail = new { host = "smtp://mail.example.org:25", port = 70000, security = "ssl", from = "not an address" },
        });
        var problem = await response.ReadProblemAsync();

        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Equal(
            ["defaultRooms", "files.maxFileBytes", "files.quotaBytesPerUser", "mail.from", "mail.host", "mail.port", "mail.security", "rateLimits.messages.burst"],
            problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equivalent(before, await admin.SettingsAsync());
        Assert.Empty(await server.AuditLogAsync(AuditActions.SettingChanged));
    }

    /// <summary>
    /// The mail password is write-only: the settings say only whether one is set, the audit log says "set", and the
    /// database keeps it encrypted. The server uses it all the same (MailTestTests sends with stored settings).
    /// </summary>
    [Fact]
    public async Task MailPassword_IsNeverShown_OnlyWhetherOneIsSet()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder"));
        const string Secret = "correct-horse-battery-staple";

        using var saved = await admin.SaveSettingsAsync(new { mail = new { host = "smtp.example.org", username = "parley", password = Secret } });
        var savedText = await saved.Content.ReadAsStringAsync();
        using var read = await admin.GetAsync("/api/admin/settings");
        var readText = await read.Content.ReadAsStringAsync();
        var cleared = await admin.SaveSettingsOkAsync(new { mail = new { clearPassword = true } });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.DoesNotContain(Secret, savedText, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, readText, StringComparison.Ordinal);
        Assert.Contains("\"passwordSet\":true", readText, StringComparison.Ordinal);
        Assert.False(cleared.Mail.PasswordSet);
        var lines = await server.AuditLogAsync(AuditActions.SettingChanged);
        Assert.Equal(["cleared", "set"], lines.Where(l => l.TargetName == SettingNames.MailPassword).Select(l => l.Details));
        Assert.DoesNotContain(lines, l => l.Details!.Contains(Secret, StringComparison.Ordinal));
        await using var scope = server.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ParleyDb>().ServerSettings.ToListAsync();
        Assert.DoesNotContain(stored, s => s.Value.Contains(Secret, StringComparison.Ordinal));
    }
}
