using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Parley.Infrastructure.Data;

/// <summary>
/// The one database model. Provider-specific subclasses (<see cref="SqliteParleyDb"/>, <see cref="PostgresParleyDb"/>)
/// own their migrations (Migrations/Sqlite, Migrations/Postgres), chosen by Parley:Database:Provider.
/// </summary>
public abstract class ParleyDb(DbContextOptions options) : IdentityUserContext<User, long>(options)
{
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<RoomInvite> Invites => Set<RoomInvite>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<MessageMention> Mentions => Set<MessageMention>();
    public DbSet<MessageReaction> Reactions => Set<MessageReaction>();
    public DbSet<StoredFile> Files => Set<StoredFile>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<DailyActivity> DailyActivity => Set<DailyActivity>();
    public DbSet<PasskeyUse> PasskeyUses => Set<PasskeyUse>();
    public DbSet<ServerSetting> ServerSettings => Set<ServerSetting>();
    public DbSet<InviteCode> InviteCodes => Set<InviteCode>();
    public DbSet<RoomBan> RoomBans => Set<RoomBan>();
    public DbSet<RoomTimeout> RoomTimeouts => Set<RoomTimeout>();
    public DbSet<MessageReport> Reports => Set<MessageReport>();
    public DbSet<KeyRingElement> KeyRing => Set<KeyRingElement>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; the converter restores DateTimeKind.Utc on the way out so JSON says "Z".
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ParleyDb).Assembly);
    }

    // Internal, not private: the compiled model (CompiledModel/, docs/migrations.md) constructs them.
    internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    internal sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}

public sealed class SqliteParleyDb(DbContextOptions<SqliteParleyDb> options) : ParleyDb(options);

public sealed class PostgresParleyDb(DbContextOptions<PostgresParleyDb> options) : ParleyDb(options);
