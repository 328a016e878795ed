namespace Parley.Testing;

/// <summary>
/// Waits for state that nothing announces (a background job's progress, kept in the database) by asking again until
/// it holds or the deadline passes. Where the server sends an event, wait for the event instead.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> with <paramref name="because"/> if it never does.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds} s: {because}");
            }

            await Task.Delay(Interval);
        }
    }
}
