using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Audit;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Messages;

namespace Parley.Moderation;

/// <summary>
/// Reported messages: filed by any member who can read the message, once per message and person; handled by the
/// room's owner and admins and by the server's administrators (a direct conversation's reports by the
/// administrators only). Each new report and each decision is announced to those who handle it, and audited.
/// </summary>
public sealed class Reports(
    ParleyDb db,
    MembershipCache memberships,
    SiteAccess site,
    MessageChanges changes,
    IEventBus bus,
    UserRateLimiter limits,
    AuditLog audit,
    TimeProvider clock)
{
    public static readonly ApiError AlreadyReported = ApiError.Conflict("already_reported", "You have reported this message already.");

    private static readonly ApiError CannotReportOwn = ApiError.BadRequest("cannot_report_own_message", "You cannot report your own message: edit or delete it instead.");

    private static readonly ApiError NoticeNotReportable = ApiError.BadRequest("notice_not_reportable", "Notices Parley writes cannot be reported.");

    private static readonly ApiError ReportClosedAlready = ApiError.Conflict("report_closed", "This report was handled already.");

    /// <summary>The newest reports a queue shows; older ones wait their turn.</summary>
    public const int QueuePageSize = 100;

    public async Task<Result<ReportDto>> FileAsync(ConversationGrant grant, long messageId, ReportMessageRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var errors = ModerationRules.CheckReport(request, out var comment);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The message was not reported: " + errors.Summary());
        }

        // Counted before anything is looked up: refused duplicates count too, so nobody probes or floods for free.
        if (await limits.TryTakeAsync(UserLimit.Reports, grant.UserId) is { } tooFast)
        {
            return tooFast;
        }

        var message = await (await MessageQueries.VisibleToAsync(db, grant, 0, cancellationToken))
            .Where(m => m.Id == messageId)
            .Select(m => new { m.Id, m.AuthorId, AuthorName = m.Author!.DisplayName, m.Kind, m.Text, m.CreatedAt, m.DeletedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return MessageChanges.MessageNotFound;
        }

        if (message.Kind == MessageKind.System)
        {
            return NoticeNotReportable;
        }

        if (message.DeletedAt is not null)
        {
            return MessageChanges.MessageDeleted;
        }

        if (message.AuthorId == grant.UserId)
        {
            return CannotReportOwn;
        }

        if (await db.Reports.AnyAsync(r => r.MessageId == messageId && r.ReporterId == grant.UserId, cancellationToken))
        {
            return AlreadyReported;
        }

        var report = new MessageReport
        {
            ConversationId = grant.ConversationId,
            MessageId = message.Id,
            ReporterId = grant.UserId,
            AuthorId = message.AuthorId,
            AuthorName = message.AuthorName,
            MessageText = message.Text,
            MessageSentAt = message.CreatedAt,
            Category = request.Category!.Value,
            Comment = comment,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Reports.Add(report);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // The same report from two tabs at once: the unique index let the other one in.
            db.ChangeTracker.Clear();
            return AlreadyReported;
        }

        var dto = (await LoadAsync(db.Reports.Where(r => r.Id == report.Id), [], CancellationToken.None)).Single();
        await audit.RecordAsync(AuditActions.MessageReported, actor, AuditTarget.Message(message.Id),
            $"Report {report.Id}: {report.Category} in {Where(dto)}, written by {dto.AuthorName} (user {dto.AuthorId})");
        await bus.PublishAsync(new ReportFiled(dto, await RecipientsAsync(grant.ConversationId)), CancellationToken.None);
        return dto;
    }

    /// <summary>
    /// The caller's queue, newest first: every report for a server administrator, those of the rooms they own or
    /// administer for anyone else (nothing for someone who moderates no room). <paramref name="open"/> picks open
    /// reports, or handled ones.
    /// </summary>
    public async Task<List<ReportDto>> ListAsync(long userId, bool open, CancellationToken cancellationToken)
    {
        var moderatedRooms = await ModeratedRoomsAsync(userId, cancellationToken);
        var isAdministrator = (await site.AdministratorAsync(userId, cancellationToken)).IsSuccess;
        var reports = db.Reports.Where(r => open ? r.Status == ReportStatus.Open : r.Status != ReportStatus.Open);
        if (!isAdministrator)
        {
            reports = reports.Where(r => moderatedRooms.Contains(r.ConversationId));
        }

        return await LoadAsync(reports.OrderByDescending(r => r.Id).Take(QueuePageSize), moderatedRooms, cancellationToken);
    }

    public Task<Result<ReportDto>> ResolveAsync(ReportGrant grant, AuditActor actor) => DecideAsync(grant, ReportStatus.Resolved, actor);

    public Task<Result<ReportDto>> DismissAsync(ReportGrant grant, AuditActor actor) => DecideAsync(grant, ReportStatus.Dismissed, actor);

    /// <summary>
    /// Deletes the reported message for everyone and resolves the report (and every other open report of that
    /// message). A server administrator may do this in a conversation they are not in: this message only.
    /// </summary>
    public async Task<Result<ReportDto>> DeleteMessageAsync(ReportGrant grant, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await limits.TryTakeAsync(UserLimit.Moderation, grant.UserId) is { } tooFast)
        {
            return tooFast;
        }

        var deleted = await changes.DeleteReportedAsync(grant, cancellationToken);
        if (!deleted.IsSuccess)
        {
            return deleted.Error!;
        }

        var report = await db.Reports.Where(r => r.Id == grant.ReportId).Select(r => new { r.AuthorId, r.AuthorName }).FirstAsync(CancellationToken.None);
        await audit.RecordAsync(AuditActions.MessageDeletedByModerator, actor, AuditTarget.Message(grant.MessageId),
            $"Through report {grant.ReportId}, as {(grant.RoomModerator is not null ? "room moderator" : "server administrator")}; written by {report.AuthorName} (user {report.AuthorId})");
        var others = await db.Reports.Where(r => r.MessageId == grant.MessageId && r.Status == ReportStatus.Open).Select(r => r.Id).ToListAsync(CancellationToken.None);
        foreach (var otherId in others.Where(id => id != grant.ReportId))
        {
            await MarkClosedAsync(otherId, grant.ConversationId, ReportStatus.Resolved, actor);
        }

        return await CloseAsync(grant, ReportStatus.Resolved, actor);
    }

    private async Task<Result<ReportDto>> DecideAsync(ReportGrant grant, ReportStatus status, AuditActor actor)
    {
        if (await limits.TryTakeAsync(UserLimit.Moderation, grant.UserId) is { } tooFast)
        {
            return tooFast;
        }

        return await CloseAsync(grant, status, actor);
    }

    private async Task<Result<ReportDto>> CloseAsync(ReportGrant grant, ReportStatus status, AuditActor actor)
    {
        var closed = await MarkClosedAsync(grant.ReportId, grant.ConversationId, status, actor);
        if (closed is null)
        {
            return ReportClosedAlready;
        }

        return closed with { CanModerateRoom = grant.RoomModerator is not null };
    }

    /// <summary>Closes an open report, audits and announces it; null when it was closed already.</summary>
    private async Task<ReportDto?> MarkClosedAsync(long reportId, long conversationId, ReportStatus status, AuditActor actor)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var closed = await db.Reports
            .Where(r => r.Id == reportId && r.Status == ReportStatus.Open)
            .ExecuteUpdateAsync(r => r
                .SetProperty(x => x.Status, status)
                .SetProperty(x => x.ClosedAt, now)
                .SetProperty(x => x.ClosedById, actor.Id)
                .SetProperty(x => x.ClosedByName, actor.Name));
        if (closed == 0)
        {
            return null;
        }

        var dto = (await LoadAsync(db.Reports.Where(r => r.Id == reportId), [], CancellationToken.None)).Single();
        await audit.RecordAsync(status == ReportStatus.Resolved ? AuditActions.ReportResolved : AuditActions.ReportDismissed, actor,
            new AuditTarget("report", reportId.ToString(System.Globalization.CultureInfo.InvariantCulture), null),
            $"Message {dto.MessageId} by {dto.AuthorName} in {Where(dto)}, reported as {dto.Category}");
        await bus.PublishAsync(new ReportClosed(dto, await RecipientsAsync(conversationId)), CancellationToken.None);
        return dto;
    }

    private Task<List<long>> ModeratedRoomsAsync(long userId, CancellationToken cancellationToken) =>
        db.Memberships
            .Where(m => m.UserId == userId && m.Role >= MemberRole.Admin && m.Conversation!.Kind == ConversationKind.Room)
            .Select(m => m.ConversationId)
            .ToListAsync(cancellationToken);

    private async Task<ReportRecipients> RecipientsAsync(long conversationId)
    {
        var conversation = await memberships.GetAsync(conversationId);
        var roomModerators = conversation.Kind == ConversationKind.Room
            ? conversation.Roles.Where(r => ModerationRules.MayModerateRoom(r.Value)).Select(r => r.Key).ToList()
            : [];
        var administrators = await db.Users.Where(u => u.IsAdmin && u.DeactivatedAt == null).Select(u => u.Id).ToListAsync();
        return new ReportRecipients(roomModerators, administrators);
    }

    private async Task<List<ReportDto>> LoadAsync(IQueryable<MessageReport> reports, IReadOnlyCollection<long> moderatedRooms, CancellationToken cancellationToken)
    {
        var rows = await reports
            .Select(r => new
            {
                Report = r,
                Reporter = db.Users.Where(u => u.Id == r.ReporterId).Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.AvatarVersion)).First(),
                RoomName = db.Conversations.Where(c => c.Id == r.ConversationId && c.Kind == ConversationKind.Room).Select(c => c.Name).FirstOrDefault(),
                MessageDeleted = db.Messages.Where(m => m.Id == r.MessageId).Select(m => m.DeletedAt != null).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new ReportDto(
            x.Report.Id, x.Report.ConversationId, x.RoomName, x.Report.MessageId, x.Report.AuthorId, x.Report.AuthorName, x.Report.MessageText,
            x.Report.MessageSentAt, x.Report.Category, x.Report.Comment, x.Reporter, x.Report.CreatedAt, x.Report.Status, x.Report.ClosedByName,
            x.Report.ClosedAt, x.MessageDeleted, moderatedRooms.Contains(x.Report.ConversationId)))];
    }

    private static string Where(ReportDto report) =>
        report.RoomName is { } room ? $"room {room} ({report.ConversationId})" : $"direct conversation {report.ConversationId}";
}
