using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Files;

/// <summary>What one sweep removed.</summary>
public sealed record SweepResult(int UnsentUploads, int OrphanedFiles, int AbandonedWorkFiles);

/// <summary>
/// Keeps storage in step with the database: uploads never sent within <see cref="ParleyOptions.FileOptions.UnattachedLifetime"/>
/// go (row and bytes); stored files no row names (a crash between storing and recording, a failed delete) go once
/// they are an hour old, so an upload in flight is never touched; and work files nobody is writing (a crash
/// mid-upload) go at start-up and on every sweep.
/// </summary>
public sealed partial class FileCleanup(IServiceScopeFactory scopes, IFileStorage storage, FileRemoval removal, IOptions<ParleyOptions> options, TimeProvider clock, ILogger<FileCleanup> logger) : BackgroundService
{
    /// <summary>How old a stored file without a row must be before it counts as an orphan.</summary>
    public static readonly TimeSpan OrphanAge = TimeSpan.FromHours(1);

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private const int KeysPerQuery = 500;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server takes requests: what a crash left half-written is gone, never visible.
        await storage.RemoveAbandonedWorkAsync(clock.GetUtcNow().UtcDateTime - OrphanAge, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>One sweep, now. The background loop calls it every <see cref="Interval"/>; tests call it directly.</summary>
    public async Task<SweepResult> SweepAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var work = await storage.RemoveAbandonedWorkAsync(now - OrphanAge, ct);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            var unsent = await RemoveUnsentAsync(db, now - options.Value.Files.UnattachedLifetime, ct);
            var orphans = await RemoveOrphansAsync(db, now - OrphanAge, ct);
            return new SweepResult(unsent, orphans, work);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var swept = await SweepAsync(stoppingToken);
                if (swept.UnsentUploads + swept.OrphanedFiles + swept.AbandonedWorkFiles > 0)
                {
                    LogSwept(swept.UnsentUploads, swept.OrphanedFiles, swept.AbandonedWorkFiles);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
    }

    private async Task<int> RemoveUnsentAsync(ParleyDb db, DateTime createdBefore, CancellationToken ct)
    {
        var stale = await db.Files.Where(f => f.AttachedAt == null && f.CreatedAt < createdBefore)
            .Select(f => new { f.Id, f.StorageKey, f.ThumbnailKey }).Take(1000).ToListAsync(ct);
        var removed = 0;
        foreach (var file in stale)
        {
            // "Still unsent" again in the delete itself: a send that attached it a moment ago wins.
            if (await db.Files.Where(f => f.Id == file.Id && f.MessageId == null).ExecuteDeleteAsync(ct) == 1)
            {
                await removal.DeleteBlobsAsync([file.StorageKey, file.ThumbnailKey]);
                removed++;
            }
        }

        return removed;
    }

    private async Task<int> RemoveOrphansAsync(ParleyDb db, DateTime writtenBefore, CancellationToken ct)
    {
        var removed = 0;
        var candidates = new List<string>(KeysPerQuery);
        await foreach (var (key, writtenAt) in storage.ListAsync(ct))
        {
            if (writtenAt < writtenBefore)
            {
                candidates.Add(key);
            }

            if (candidates.Count == KeysPerQuery)
            {
                removed += await RemoveUnnamedAsync(db, candidates, ct);
                candidates.Clear();
            }
        }

        return removed + (candidates.Count > 0 ? await RemoveUnnamedAsync(db, candidates, ct) : 0);
    }

    private async Task<int> RemoveUnnamedAsync(ParleyDb db, List<string> keys, CancellationToken ct)
    {
        var named = (await db.Files.Where(f => keys.Contains(f.StorageKey!)).Select(f => f.StorageKey!).ToListAsync(ct))
            .Concat(await db.Files.Where(f => keys.Contains(f.ThumbnailKey!)).Select(f => f.ThumbnailKey!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var orphans = keys.Where(k => !named.Contains(k)).ToList();
        await removal.DeleteBlobsAsync(orphans);
        return orphans.Count;
    }

    [LoggerMessage(LogLevel.Information, "File cleanup removed {Unsent} unsent uploads, {Orphans} orphaned files and {Work} abandoned work files")]
    private partial void LogSwept(int unsent, int orphans, int work);

    [LoggerMessage(LogLevel.Error, "File cleanup failed; it runs again at the next interval")]
    private partial void LogSweepFailed(Exception ex);
}
