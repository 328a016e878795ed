using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Parley.Tests.Unit;

/// <summary>
/// The server starts from a compiled model and does not compare its model with the migrations on every start
/// (docs/decisions/2026-12-01-start-up-time.md): these are the checks that replace that, run before anything ships.
/// </summary>
public sealed class DatabaseModelTests
{
    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public void Migrations_DescribeTheWholeModel(string provider)
    {
        using var db = NewContext(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a migration: add one (docs/migrations.md), then regenerate the compiled model.");
    }

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public void CompiledModel_IsTheModelTheCodeDescribes(string provider)
    {
        using var db = NewContext(provider);
        var compiled = db.Model;
        var described = db.GetService<IDesignTimeModel>().Model;
        Assert.NotSame(described, compiled);
        Assert.Equal($"{db.GetType().Name}Model", compiled.GetType().Name);

        Assert.Equal(Shape(described), Shape(compiled));
    }

    /// <summary>
    /// The schema lives below the features, so its column lengths are numbers of its own; these are the features'
    /// rules that must fit them. Both count characters (code points), as PostgreSQL's varchar(n) will.
    /// </summary>
    [Theory]
    [InlineData(typeof(Conversation), nameof(Conversation.Name), Rooms.RoomRules.MaxNameLength)]
    [InlineData(typeof(Conversation), nameof(Conversation.NameKey), Rooms.RoomRules.MaxNameLength)]
    [InlineData(typeof(Conversation), nameof(Conversation.Topic), Rooms.RoomRules.MaxTopicLength)]
    [InlineData(typeof(User), nameof(User.UserName), Accounts.UsernameRules.MaxLength)]
    [InlineData(typeof(User), nameof(User.Email), Accounts.AccountRules.MaxEmailLength)]
    [InlineData(typeof(User), nameof(User.DisplayName), Accounts.AccountRules.MaxDisplayNameLength)]
    [InlineData(typeof(User), nameof(User.Status), Accounts.AccountRules.MaxStatusLength)]
    [InlineData(typeof(Message), nameof(Message.ClientMessageId), Messages.MessageRules.MaxClientMessageIdLength)]
    public void Columns_HoldWhatTheRulesAllow(Type entity, string property, int longestAllowed)
    {
        using var db = NewContext();

        var maxLength = db.GetService<IDesignTimeModel>().Model.FindEntityType(entity)!.FindProperty(property)!.GetMaxLength();

        Assert.True(maxLength >= longestAllowed, $"{entity.Name}.{property} holds {maxLength}; the rules allow {longestAllowed}.");
    }

    /// <summary>What queries and saves depend on: tables, columns and their types and conversions, keys and relationships.</summary>
    private static List<string> Shape(IModel model) =>
        model.GetEntityTypes().SelectMany(entity => (IEnumerable<string>)[
                $"{entity.Name} table={entity.GetTableName()} view={entity.GetViewName()} base={entity.BaseType?.Name}",
                .. entity.GetProperties().Select(p =>
                    $"{entity.Name}.{p.Name}: column={p.GetColumnName()} {p.ClrType.Name} null={p.IsNullable} max={p.GetMaxLength()} "
                    + $"generated={p.ValueGenerated} converter={p.GetTypeMapping().Converter?.GetType().Name} store={((RelationalTypeMapping)p.GetTypeMapping()).StoreType}"),
                .. entity.GetKeys().Select(k => $"{entity.Name} key({string.Join(",", k.Properties.Select(p => p.Name))}) primary={k.IsPrimaryKey()}"),
                .. entity.GetForeignKeys().Select(f =>
                    $"{entity.Name} fk({string.Join(",", f.Properties.Select(p => p.Name))}) -> {f.PrincipalEntityType.Name} delete={f.DeleteBehavior} "
                    + $"nav={f.DependentToPrincipal?.Name}/{f.PrincipalToDependent?.Name}"),
                .. entity.GetNavigations().Select(n => $"{entity.Name} nav {n.Name} -> {n.TargetEntityType.Name}"),
            ])
            .Order(StringComparer.Ordinal)
            .ToList();

    private const string Sqlite = "sqlite";
    private const string Postgres = "postgres";

    /// <summary>Neither check opens a connection: the PostgreSQL context needs no server here.</summary>
    private static ParleyDb NewContext(string provider = Sqlite) => provider == Postgres
        ? new PostgresParleyDb(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql("Host=localhost;Database=unused").Options)
        : new SqliteParleyDb(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite("Data Source=:memory:").Options);
}
