using System.Globalization;
using Parley.Administration;
using Parley.Audit;

namespace Parley.Tests.Integration.Admin;

/// <summary>The audit log as the console reads it: filtered by action, person, target, text and time, newest first, a page at a time.</summary>
public sealed class AdminAuditTests
{
    /// <summary>Each filter narrows to the lines it names, and pages by <c>before</c> walk every line once, newest first.</summary>
    [Fact]
    public async Task Audit_Filters_NarrowTheLines_AndKeysetPagesWalkEveryLineOnceNewestFirst()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("auditor"));
        using var alice = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("alice"));
        using var bob = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("bob"));
        var beforeActions = DateTime.UtcNow;
        (await admin.PostAsync($"/api/admin/users/{alice.Id}/sign-out")).Dispose();
        (await admin.PostAsync($"/api/admin/users/{bob.Id}/sign-out")).Dispose();
        (await admin.PostAsync($"/api/admin/users/{bob.Id}/deactivate")).Dispose();

        var byAction = await ReadAsync(admin, $"action={AuditActions.UserSignedOutEverywhere}");
        var byTarget = await ReadAsync(admin, $"target={bob.Username}");
        var byActorAndText = await ReadAsync(admin, $"actor={admin.Username}&q=deactivated");
        var byTime = await ReadAsync(admin, $"from={Iso(beforeActions)}");
        var beforeAnything = await ReadAsync(admin, $"to={Iso(beforeActions.AddHours(-1))}");
        var all = await ReadAsync(admin, "");
        var pages = new List<AuditEntryDto>();
        long? before = null;
        do
        {
            var page = await ReadAsync(admin, "limit=2" + (before is null ? "" : $"&before={before}"));
            pages.AddRange(page.Items);
            before = page.NextBefore;
        }
        while (before is not null);
        using var unknownAction = await admin.GetAsync("/api/admin/audit?action=made.up");

        Assert.Equal([bob.Username, alice.Username], byAction.Items.Select(l => l.TargetName));
        Assert.Equal([AuditActions.UserDeactivated, AuditActions.UserSignedOutEverywhere, AuditActions.AccessTokenIssued, AuditActions.AccountRegistered], byTarget.Items.Select(l => l.Action));
        Assert.Equal(AuditActions.UserDeactivated, Assert.Single(byActorAndText.Items).Action);
        Assert.Equal(3, byTime.Items.Count(l => l.ActorId == admin.Id));
        Assert.Empty(beforeAnything.Items);
        Assert.Equal(all.Items.Select(l => l.Id), pages.Select(l => l.Id));
        Assert.Equal(all.Items.Select(l => l.Id).OrderDescending(), all.Items.Select(l => l.Id));
        Assert.Equal((400, "validation_failed"), await unknownAction.StatusAndCodeAsync());
    }

    /// <summary>The action filter's choices are every action the log records.</summary>
    [Fact]
    public async Task AuditActions_ListsEveryActionTheLogRecords()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("auditor"));

        var actions = await ApiClient.ReadAsync<List<string>>(admin.GetAsync("/api/admin/audit/actions"));

        Assert.Equal(AuditActions.All, actions);
    }

    private static Task<AuditPage> ReadAsync(ApiClient admin, string query) => ApiClient.ReadAsync<AuditPage>(admin.GetAsync("/api/admin/audit?" + query));

    private static string Iso(DateTime at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));
}
