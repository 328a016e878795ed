using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

/// <summary>
/// One line of the audit log: an administrative or moderation action, or a security event. Names are copied in as
/// they were at the time, so the log still reads right after an account is renamed or deleted.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>One of <c>AuditActions</c>, e.g. "signin.failed" or "room.deleted".</summary>
    public string Action { get; set; } = "";

    /// <summary>Who did it; null for someone not signed in (a failed sign-in names its target instead).</summary>
    public long? ActorId { get; set; }

    public string? ActorName { get; set; }

    /// <summary>What it was done to: "user", "room", "message", "session", "setting", "report"…</summary>
    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public string? TargetName { get; set; }

    /// <summary>The client's address (behind a trusted proxy, the one it forwarded); null for the command line or the server itself.</summary>
    public string? IpAddress { get; set; }

    /// <summary>A sentence a person reads in the console ("Reason: spam", "5 sessions ended").</summary>
    public string? Details { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("AuditLog");
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.ActorName).HasMaxLength(64);
        entry.Property(e => e.TargetType).HasMaxLength(32);
        entry.Property(e => e.TargetId).HasMaxLength(64);
        entry.Property(e => e.TargetName).HasMaxLength(128);
        entry.Property(e => e.IpAddress).HasMaxLength(45);
        entry.Property(e => e.Details).HasMaxLength(1000);
        // The console reads newest first, by time range, action and person; retention deletes by time.
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.Action, e.At });
        entry.HasIndex(e => new { e.ActorId, e.At });
    }
}
