using System.Net;
using Parley.Audit;

namespace Parley.Tests.Integration.Moderation;

/// <summary>Reporting messages and the reports queue: who hears of a report, who sees and handles it, and what it lets them do.</summary>
[Collection(SharedServer.Name)]
public sealed class ReportTests(ServerFixture fixture)
{
    /// <summary>
    /// A report reaches the room's owner and admins and the server's administrators, live, with a copy of the
    /// message; the other members (the author and the reporter included) and people outside the room hear nothing.
    /// </summary>
    [Fact]
    public async Task Report_InARoom_ReachesRoomAdminsAndSiteAdmins_NotMembersOrOutsiders()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);
        using var outsider = await fixture.UserAsync("outsider");
        await using var outsiderHub = await outsider.ConnectHubAsync();
        var outsiderRoom = await outsider.CreateRoomAsync();
        await using var siteAdminHub = await fixture.Administrator.ConnectHubAsync();
        var message = await scene.WriteAsync("you are all idiots");

        var filed = await ApiClient.ReadAsync<ReportDto>(scene.ReportAsync(scene.Reporter, message.Id, "harassment", "Insults everyone"));

        var toOwner = await scene.OwnerHub.WaitForAsync<ReportDto>("reportFiled", r => r.Id == filed.Id);
        var toAdmin = await scene.AdminHub.WaitForAsync<ReportDto>("reportFiled", r => r.Id == filed.Id);
        var toSiteAdmin = await siteAdminHub.WaitForAsync<ReportDto>("reportFiled", r => r.Id == filed.Id);
        Assert.Equal(("you are all idiots", scene.Writer.Id, ReportCategory.Harassment, "Insults everyone", scene.Reporter.Id, scene.Room.Name),
            (toOwner.Text, toOwner.AuthorId, toOwner.Category, toOwner.Comment, toOwner.Reporter.Id, toOwner.RoomName));
        Assert.True(toOwner.CanModerateRoom && toAdmin.CanModerateRoom);
        Assert.False(toSiteAdmin.CanModerateRoom);

        await scene.OwnerHub.SendBarrierAsync(scene.Room.Id, scene.WriterHub, scene.ReporterHub);
        await outsiderHub.SendBarrierAsync(outsiderRoom.Id);
        Assert.DoesNotContain(scene.WriterHub.EventsOf<ReportDto>("reportFiled"), r => r.Id == filed.Id);
        Assert.DoesNotContain(scene.ReporterHub.EventsOf<ReportDto>("reportFiled"), r => r.Id == filed.Id);
        Assert.DoesNotContain(outsiderHub.EventsOf<ReportDto>("reportFiled"), r => r.Id == filed.Id);
        var line = (await fixture.Server.AuditLogAsync(AuditActions.MessageReported)).First(l => l.TargetId == message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(scene.Reporter.Id, line.ActorId);
    }

    /// <summary>A report in a direct conversation reaches the server's administrators only: it has no room admins.</summary>
    [Fact]
    public async Task Report_InADirectConversation_ReachesSiteAdmins()
    {
        using var sender = await fixture.UserAsync("sender");
        using var recipient = await fixture.UserAsync("recipient");
        await using var senderHub = await sender.ConnectHubAsync();
        await using var siteAdminHub = await fixture.Administrator.ConnectHubAsync();
        var direct = await recipient.OpenDirectAsync(sender.Username);
        var message = await senderHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = direct.Id, text = "buy cheap watches" });

        var filed = await ApiClient.ReadAsync<ReportDto>(recipient.PostAsync($"/api/conversations/{direct.Id}/messages/{message.Id}/report", new { category = "spam" }));

        var received = await siteAdminHub.WaitForAsync<ReportDto>("reportFiled", r => r.Id == filed.Id);
        Assert.Equal((null, "buy cheap watches"), (received.RoomName, received.Text));
        await senderHub.SendBarrierAsync(direct.Id);
        Assert.DoesNotContain(senderHub.EventsOf<ReportDto>("reportFiled"), r => r.Id == filed.Id);
    }

    /// <summary>One report per message and person: a second is refused, and nobody hears of it twice.</summary>
    [Fact]
    public async Task Report_SameMessageTwice_IsRefused()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);
        var message = await scene.WriteAsync("spam spam spam");
        await ApiClient.EnsureSuccessAsync(await scene.ReportAsync(scene.Reporter, message.Id, "spam"));

        using var again = await scene.ReportAsync(scene.Reporter, message.Id, "other");

        Assert.Equal((409, "already_reported"), await again.StatusAndCodeAsync());
        await scene.OwnerHub.SendBarrierAsync(scene.Room.Id);
        Assert.Single(scene.OwnerHub.EventsOf<ReportDto>("reportFiled"), r => r.MessageId == message.Id);
    }

    /// <summary>What cannot be reported: one's own message, a notice, a message of a room one is not in, and a reason without a category or too long.</summary>
    [Fact]
    public async Task Report_InvalidTargetsAndReasons_AreRefused()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);
        using var outsider = await fixture.UserAsync("outsider");
        var message = await scene.WriteAsync("hello");
        var notice = (await scene.Owner.MessagesAsync(scene.Room.Id)).Messages.First(m => m.Kind == MessageKind.System);

        using var own = await scene.ReportAsync(scene.Writer, message.Id);
        using var ofNotice = await scene.ReportAsync(scene.Reporter, notice.Id);
        using var fromOutside = await scene.ReportAsync(outsider, message.Id);
        using var noCategory = await scene.Reporter.PostAsync($"/api/conversations/{scene.Room.Id}/messages/{message.Id}/report", new { comment = "bad" });
        using var tooLong = await scene.ReportAsync(scene.Reporter, message.Id, "other", new string('x', 501));

        Assert.Equal((400, "cannot_report_own_message"), await own.StatusAndCodeAsync());
        Assert.Equal((400, "notice_not_reportable"), await ofNotice.StatusAndCodeAsync());
        Assert.Equal((403, "not_a_member"), await fromOutside.StatusAndCodeAsync());
        Assert.Equal((400, "validation_failed"), await noCategory.StatusAndCodeAsync());
        Assert.Equal((400, "validation_failed"), await tooLong.StatusAndCodeAsync());
    }

    /// <summary>
    /// Reports are rate limited per person (Parley:RateLimits:Reports): past the burst, a report is refused with
    /// 429 rate_limited, and the admins do not hear of it.
    /// </summary>
    [Fact]
    public async Task Report_Flood_IsLimited()
    {
        var settings = new Dictionary<string, string>(ParleyServer.DefaultSettings) { ["Parley:RateLimits:Reports:Burst"] = "2", ["Parley:RateLimits:Reports:PerMinute"] = "1" };
        await using var server = await ParleyServer.StartAsync(settings);
        using (await ApiClient.RegisterAsync(server, ApiClient.UniqueName("founder")))
        {
        }

        await using var scene = await ModerationScene.CreateAsync(server);
        var messages = new List<MessageDto>();
        for (var i = 0; i < 3; i++)
        {
            messages.Add(await scene.WriteAsync($"flood {i}"));
        }

        using var first = await scene.ReportAsync(scene.Reporter, messages[0].Id);
        using var second = await scene.ReportAsync(scene.Reporter, messages[1].Id);
        using var third = await scene.ReportAsync(scene.Reporter, messages[2].Id);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal((429, "rate_limited"), await third.StatusAndCodeAsync());
        await scene.OwnerHub.SendBarrierAsync(scene.Room.Id);
        Assert.Equal(2, scene.OwnerHub.EventsOf<ReportDto>("reportFiled").Count);
    }

    /// <summary>
    /// The queue: a room's owner and admins see their room's open reports, not other rooms'; a server administrator
    /// sees every report; a plain member sees none and cannot handle one (it answers as a report that does not exist).
    /// </summary>
    [Fact]
    public async Task ReportsQueue_RoomAdminsSeeTheirRooms_SiteAdminsAll_MembersNone()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);
        await using var elsewhere = await ModerationScene.CreateAsync(fixture.Server);
        var here = await ApiClient.ReadAsync<ReportDto>(scene.ReportAsync(scene.Reporter, (await scene.WriteAsync("here")).Id));
        var there = await ApiClient.ReadAsync<ReportDto>(elsewhere.ReportAsync(elsewhere.Reporter, (await elsewhere.WriteAsync("there")).Id));

        var ownerQueue = await ApiClient.ReadAsync<List<ReportDto>>(scene.Owner.GetAsync("/api/reports"));
        var adminQueue = await ApiClient.ReadAsync<List<ReportDto>>(scene.Admin.GetAsync("/api/reports"));
        var siteQueue = await ApiClient.ReadAsync<List<ReportDto>>(fixture.Administrator.GetAsync("/api/reports"));
        var memberQueue = await ApiClient.ReadAsync<List<ReportDto>>(scene.Writer.GetAsync("/api/reports"));
        using var memberResolves = await scene.Writer.PostAsync($"/api/reports/{here.Id}/resolve");
        using var otherOwnerResolves = await elsewhere.Owner.PostAsync($"/api/reports/{here.Id}/resolve");

        Assert.Equal([here.Id], ownerQueue.Select(r => r.Id));
        Assert.Equal([here.Id], adminQueue.Select(r => r.Id));
        Assert.Contains(siteQueue, r => r.Id == here.Id);
        Assert.Contains(siteQueue, r => r.Id == there.Id);
        Assert.Empty(memberQueue);
        Assert.Equal((404, "report_not_found"), await memberResolves.StatusAndCodeAsync());
        Assert.Equal((404, "report_not_found"), await otherOwnerResolves.StatusAndCodeAsync());
    }

    /// <summary>
    /// Dismissing and resolving close a report: it leaves the open queue for everyone who handles it (live:
    /// reportClosed), it cannot be decided twice, and both are audited.
    /// </summary>
    [Fact]
    public async Task ReportDecisions_CloseTheReport_LiveAndAudited()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);
        var dismissed = await ApiClient.ReadAsync<ReportDto>(scene.ReportAsync(scene.Reporter, (await scene.WriteAsync("meh")).Id));
        var resolved = await ApiClient.ReadAsync<ReportDto>(scene.ReportAsync(scene.Reporter, (await scene.WriteAsync("nasty")).Id));

        await ApiClient.EnsureSuccessAsync(await scene.Admin.PostAsync($"/api/reports/{dismissed.Id}/dismiss"));
        await ApiClient.EnsureSuccessAsync(await scene.Owner.PostAsync($"/api/reports/{resolved.Id}/resolve"));
        using var again = await scene.Owner.PostAsync($"/api/reports/{dismissed.Id}/resolve");

        Assert.Equal((409, "report_closed"), await again.StatusAndCodeAsync());
        var closed = await scene.OwnerHub.WaitForAsync<ReportDto>("reportClosed", r => r.Id == dismissed.Id);
        Assert.Equal(ReportStatus.Dismissed, closed.Status);
        await scene.AdminHub.WaitForAsync<ReportDto>("reportClosed", r => r.Id == resolved.Id && r.Status == ReportStatus.Resolved);
        Assert.Empty(await ApiClient.ReadAsync<List<ReportDto>>(scene.Owner.GetAsync("/api/reports")));
        var handled = await ApiClient.ReadAsync<List<ReportDto>>(scene.Owner.GetAsync("/api/reports?status=closed"));
        Assert.Equal([resolved.Id, dismissed.Id], handled.Select(r => r.Id));
        Assert.Contains(await fixture.Server.AuditLogAsync(AuditActions.ReportDismissed), l => l.TargetId == $"{dismissed.Id}" && l.ActorId == scene.Admin.Id);
        Assert.Contains(await fixture.Server.AuditLogAsync(AuditActions.ReportResolved), l => l.TargetId == $"{resolved.Id}" && l.ActorId == scene.Owner.Id);
    }

    /// <summary>
    /// A server administrator who is not in a private room deletes a reported message through its report: members
    /// see it deleted live, the report is resolved, the deletion audited. Other messages stay out of their reach:
    /// the room does not exist for them.
    /// </summary>
    [Fact]
    public async Task DeleteThroughReport_SiteAdminNotInTheRoom_DeletesTheReportedMessageOnly()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server, visibility: "private");
        var reported = await scene.WriteAsync("awful things");
        var unreported = await scene.WriteAsync("ordinary things");
        var report = await ApiClient.ReadAsync<ReportDto>(scene.ReportAsync(scene.Reporter, reported.Id));

        var deleted = await ApiClient.ReadAsync<ReportDto>(fixture.Administrator.PostAsync($"/api/reports/{report.Id}/delete-message"));
        using var otherDelete = await fixture.Administrator.DeleteAsync($"/api/conversations/{scene.Room.Id}/messages/{unreported.Id}");

        Assert.Equal((ReportStatus.Resolved, true), (deleted.Status, deleted.MessageDeleted));
        var tombstone = await scene.WriterHub.WaitForAsync<MessageDto>("messageDeleted", m => m.Id == reported.Id);
        Assert.True(tombstone.Deleted);
        Assert.Equal((404, "room_not_found"), await otherDelete.StatusAndCodeAsync());
        var history = await scene.Owner.MessagesAsync(scene.Room.Id);
        Assert.False(history.Messages.Single(m => m.Id == unreported.Id).Deleted);
        var line = (await fixture.Server.AuditLogAsync(AuditActions.MessageDeletedByModerator)).First(l => l.TargetId == $"{reported.Id}");
        Assert.Equal(fixture.Administrator.Id, line.ActorId);
    }

    /// <summary>A room's owner deletes a reported message through the queue; the other open reports of that message close with it.</summary>
    [Fact]
    public async Task DeleteThroughReport_RoomOwner_ResolvesEveryReportOfTheMessage()
    {
        await using var scene = await ModerationScene.CreateAsync(fixture.Server);
        var message = await scene.WriteAsync("reported twice");
        var first = await ApiClient.ReadAsync<ReportDto>(scene.ReportAsync(scene.Reporter, message.Id));
        var second = await ApiClient.ReadAsync<ReportDto>(scene.ReportAsync(scene.Admin, message.Id, "spam"));

        await ApiClient.EnsureSuccessAsync(await scene.Owner.PostAsync($"/api/reports/{first.Id}/delete-message"));

        await scene.OwnerHub.WaitForAsync<ReportDto>("reportClosed", r => r.Id == second.Id);
        Assert.Empty(await ApiClient.ReadAsync<List<ReportDto>>(scene.Owner.GetAsync("/api/reports")));
        Assert.True((await scene.Owner.MessagesAsync(scene.Room.Id)).Messages.Single(m => m.Id == message.Id).Deleted);
    }
}
