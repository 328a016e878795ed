using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

/// <summary>
/// A server setting an administrator changed at run time. It overrides the same setting in appsettings.json or the
/// environment (its <see cref="Name"/> is the key under "Parley", e.g. "Files:MaxFileBytes") until changed again.
/// </summary>
public sealed class ServerSetting
{
    public string Name { get; set; } = "";

    /// <summary>The value as JSON; a mail password is stored encrypted with the server's key ring.</summary>
    public string Value { get; set; } = "";

    public DateTime UpdatedAt { get; set; }

    public long? UpdatedById { get; set; }
}

/// <summary>A code an administrator hands out so that someone may register while registration is invite-only.</summary>
public sealed class InviteCode
{
    public long Id { get; set; }

    public string Code { get; set; } = "";

    /// <summary>Who it is for, so the administrator recognises it in the list.</summary>
    public string? Note { get; set; }

    /// <summary>How many accounts may be registered with it; null: any number until it expires or is revoked.</summary>
    public int? MaxUses { get; set; }

    public int Uses { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public long? CreatedById { get; set; }

    public string? CreatedByName { get; set; }

    public DateTime? RevokedAt { get; set; }
}

internal sealed class ServerSettingConfiguration : IEntityTypeConfiguration<ServerSetting>
{
    public void Configure(EntityTypeBuilder<ServerSetting> setting)
    {
        setting.ToTable("ServerSettings");
        setting.HasKey(s => s.Name);
        setting.Property(s => s.Name).HasMaxLength(64);
        setting.Property(s => s.Value).HasMaxLength(4000);
    }
}

internal sealed class InviteCodeConfiguration : IEntityTypeConfiguration<InviteCode>
{
    public void Configure(EntityTypeBuilder<InviteCode> code)
    {
        code.ToTable("InviteCodes");
        code.Property(c => c.Code).HasMaxLength(32);
        code.Property(c => c.Note).HasMaxLength(200);
        code.Property(c => c.CreatedByName).HasMaxLength(64);
        code.HasIndex(c => c.Code).IsUnique();
    }
}
