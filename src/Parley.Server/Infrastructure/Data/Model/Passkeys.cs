using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

/// <summary>
/// When a passkey last signed someone in, for the passkeys list. Identity's passkey row (AspNetUserPasskeys) has no
/// such column; this one goes with it when the passkey is removed.
/// </summary>
public sealed class PasskeyUse
{
    public byte[] CredentialId { get; set; } = [];

    public long UserId { get; set; }

    public DateTime LastUsedAt { get; set; }
}

/// <summary>
/// Identity's passkey table as its schema version 3 describes it, stated here too: Identity builds that part of the
/// model only when IdentityOptions in the application's services say Version3 (AccountsSetup), and the tools that
/// build migrations, the compiled model and its tests have no such services. Stated once here, every build agrees.
/// </summary>
internal sealed class UserPasskeyConfiguration : IEntityTypeConfiguration<IdentityUserPasskey<long>>
{
    public void Configure(EntityTypeBuilder<IdentityUserPasskey<long>> passkey)
    {
        passkey.ToTable("AspNetUserPasskeys");
        passkey.HasKey(p => p.CredentialId);
        passkey.Property(p => p.CredentialId).HasMaxLength(1024);
        passkey.OwnsOne(p => p.Data).ToJson();
        passkey.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).IsRequired();
    }
}

internal sealed class PasskeyUseConfiguration : IEntityTypeConfiguration<PasskeyUse>
{
    public void Configure(EntityTypeBuilder<PasskeyUse> use)
    {
        use.ToTable("PasskeyUses");
        use.HasKey(u => u.CredentialId);
        // A WebAuthn credential id is at most 1023 bytes (WebAuthn Level 3, §5.1 credential id); Identity caps it the same.
        use.Property(u => u.CredentialId).HasMaxLength(1024);
        use.HasIndex(u => u.UserId);
        use.HasOne<IdentityUserPasskey<long>>().WithMany().HasForeignKey(u => u.CredentialId).OnDelete(DeleteBehavior.Cascade);
    }
}
