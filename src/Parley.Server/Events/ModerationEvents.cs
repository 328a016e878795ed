using Parley.Infrastructure.Data;

namespace Parley.Events;

/// <summary>
/// A reported message as the reports queue shows it. <see cref="Text"/> and <see cref="AuthorName"/> are as they were
/// when it was reported. <see cref="RoomName"/> is null for a direct conversation (only server administrators see
/// those reports). <see cref="CanModerateRoom"/> says whether the viewer is the room's owner or admin (to ban or time
/// out the author); <see cref="MessageDeleted"/> whether the message has been deleted since.
/// </summary>
public sealed record ReportDto(
    long Id,
    long ConversationId,
    string? RoomName,
    long MessageId,
    long AuthorId,
    string AuthorName,
    string Text,
    DateTime SentAt,
    ReportCategory Category,
    string? Comment,
    UserSummary Reporter,
    DateTime CreatedAt,
    ReportStatus Status,
    string? ClosedByName,
    DateTime? ClosedAt,
    bool MessageDeleted,
    bool CanModerateRoom);

/// <summary>
/// Who handles a conversation's reports, as they were when the event was published: the room's owner and admins
/// (none for a direct conversation) and the server's administrators. Someone in both lists is a room moderator.
/// </summary>
public sealed record ReportRecipients(IReadOnlyList<long> RoomModeratorIds, IReadOnlyList<long> AdministratorIds);

/// <summary>A message was reported: it reaches the queue of everyone who handles it.</summary>
public sealed record ReportFiled(ReportDto Report, ReportRecipients Recipients) : ChatEvent;

/// <summary>A report was resolved or dismissed: it leaves the open queue of everyone it reached.</summary>
public sealed record ReportClosed(ReportDto Report, ReportRecipients Recipients) : ChatEvent;
