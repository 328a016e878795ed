namespace Parley.Tests.Integration;

/// <summary>
/// A test of something only SQLite has (its file, FTS5, its busy handler, its schema history): skipped, with the
/// reason, when the run is on PostgreSQL. A rule that matters on both providers gets a PostgreSQL test of its own
/// instead of this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute(string why)
    {
        if (TestDatabase.IsPostgres)
        {
            Skip = $"SQLite only: {why}";
        }
    }
}

/// <summary>A test of PostgreSQL's side of a rule (its SQL, its extension, its locks): skipped when the run is on SQLite.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres)
        {
            Skip = "PostgreSQL only: runs with PARLEY_TEST_DATABASE=postgres (./test.sh runs the suite on both providers).";
        }
    }
}
