namespace Parley.Testing;

/// <summary>The provider a whole test run uses: SQLite, or PostgreSQL when PARLEY_TEST_DATABASE=postgres (./test.sh runs both).</summary>
public static class TestDatabase
{
    public const string Variable = "PARLEY_TEST_DATABASE";

    /// <summary>The provider setting for every test server, or null for the default (SQLite).</summary>
    public static string? Provider => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } provider ? provider : null;

    public static bool IsPostgres =>
        string.Equals(Provider, Parley.Infrastructure.ParleyOptions.DatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase);
}
