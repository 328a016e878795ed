using System.Data.Common;

namespace Parley.Infrastructure;

/// <summary>
/// A database that cannot be reached for a while (restarting, failing over, a network cut) is an outage, not a bug:
/// the caller is told to try again shortly with the same request (a message resent with its client id is never
/// stored twice, should the first attempt have committed as the connection broke). Npgsql and SQLite
/// mark such failures transient; EF wraps them, so the whole chain is searched.
/// </summary>
public static class DatabaseOutage
{
    public const string Code = "database_unavailable";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static bool IsOutage(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    public static ApiError Error(string what) =>
        new(StatusCodes.Status503ServiceUnavailable, Code, $"{what} failed because the database cannot be reached right now. Try again in a few seconds.")
        {
            RetryAfter = RetryAfter,
        };
}
