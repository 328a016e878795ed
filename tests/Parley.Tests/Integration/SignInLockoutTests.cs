using System.Diagnostics;
using System.Net.Http.Json;

namespace Parley.Tests.Integration;

/// <summary>
/// Lockout under pressure: guesses in parallel, and what the time of an answer gives away. The rule behind both is
/// that sign-in never reveals whether an account exists and never allows more guesses than the limit.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class SignInLockoutTests(ServerFixture fixture)
{
    private const int MaxFailedAttempts = 5;
    private const int ParallelGuesses = 4 * MaxFailedAttempts;

    private ParleyServer Server => fixture.Server;

    /// <summary>
    /// Parallel wrong passwords against one real account all get an orderly answer (no 500 from Identity's
    /// concurrency check), exactly as many get through before the lock as against an unknown name, and the account
    /// ends up locked even for its right password.
    /// </summary>
    [Fact]
    public async Task SignIn_ParallelWrongPasswords_AnswerLikeAnUnknownNameAndLockTheAccount()
    {
        using var user = await fixture.UserAsync("besieged");
        var ghost = ApiClient.UniqueName("ghost");

        var realAnswers = await GuessInParallelAsync(user.Username);
        var ghostAnswers = await GuessInParallelAsync(ghost);

        using var anonymous = ApiClient.Anonymous(Server);
        using var rightPassword = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        Assert.Equal((429, "account_locked"), await rightPassword.StatusAndCodeAsync());
        Assert.All(realAnswers.Concat(ghostAnswers), answer => Assert.Contains(answer, new[] { (401, "invalid_credentials"), (429, "account_locked") }));
        Assert.Equal(MaxFailedAttempts - 1, realAnswers.Count(a => a.Code == "invalid_credentials"));
        Assert.Equal(MaxFailedAttempts - 1, ghostAnswers.Count(a => a.Code == "invalid_credentials"));
    }

    /// <summary>
    /// A locked account answers in about the time an unknown name does: Identity refuses a locked account without
    /// hashing the password (a few milliseconds, against an unknown name's decoy hash of a hundred or so), which
    /// told anyone timing the answers which names exist. Medians of interleaved attempts, with a wide margin,
    /// because the machine is shared.
    /// </summary>
    [Fact]
    public async Task SignIn_LockedAccount_TakesAboutAsLongAsAnUnknownName()
    {
        using var user = await fixture.UserAsync("lockedout");
        using var anonymous = ApiClient.Anonymous(Server);
        for (var attempt = 0; attempt < MaxFailedAttempts; attempt++)
        {
            using var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = "wrong password " + attempt });
        }

        var locked = new List<TimeSpan>();
        var unknown = new List<TimeSpan>();
        // The first of each warms up its path; it is not counted.
        for (var round = 0; round <= 15; round++)
        {
            var (lockedTime, lockedAnswer) = await TimeSignInAsync(anonymous, user.Username);
            var (unknownTime, unknownAnswer) = await TimeSignInAsync(anonymous, ApiClient.UniqueName("nobody"));
            Assert.Equal((429, "account_locked"), lockedAnswer);
            Assert.Equal((401, "invalid_credentials"), unknownAnswer);
            if (round > 0)
            {
                locked.Add(lockedTime);
                unknown.Add(unknownTime);
            }
        }

        var lockedMedian = Median(locked);
        var unknownMedian = Median(unknown);
        Assert.True(lockedMedian >= unknownMedian * 0.4,
            $"A locked account answered in {lockedMedian.TotalMilliseconds:F1} ms (median), an unknown name in {unknownMedian.TotalMilliseconds:F1} ms.");
    }

    private async Task<List<(int Status, string Code)>> GuessInParallelAsync(string username)
    {
        using var anonymous = ApiClient.Anonymous(Server);
        var guesses = Enumerable.Range(0, ParallelGuesses).Select(async attempt =>
        {
            using var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password = "parallel guess " + attempt });
            return await response.StatusAndCodeAsync();
        });
        return [.. await Task.WhenAll(guesses)];
    }

    private static async Task<(TimeSpan Time, (int Status, string Code) Answer)> TimeSignInAsync(HttpClient http, string username)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username, password = "not the password at all" });
        var time = Stopwatch.GetElapsedTime(started);
        return (time, await response.StatusAndCodeAsync());
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);
}
