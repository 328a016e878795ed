using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Realtime;

/// <summary>
/// Who shares read receipts, for delivering readReceipt events only to those who do (receipts are mutual). Read
/// once from the database (the few who turned them off), then kept current by the settingsChanged events of every node.
/// </summary>
public sealed class ReadReceiptSharing(IServiceScopeFactory scopes) : IEventSubscriber, IDisposable
{
    private readonly ConcurrentDictionary<long, bool> _changed = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private FrozenSet<long>? _privateAtLoad;

    /// <summary>Whether the user shares their receipts (and so sees others'). Call <see cref="EnsureLoadedAsync"/> first.</summary>
    public bool Shares(long userId) =>
        _changed.TryGetValue(userId, out var shares) ? shares : !(_privateAtLoad ?? throw new InvalidOperationException("Not loaded yet.")).Contains(userId);

    public async ValueTask EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_privateAtLoad is not null)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_privateAtLoad is null)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
                var ids = await db.Users.Where(u => !u.SendReadReceipts).Select(u => u.Id).ToListAsync(cancellationToken);
                _privateAtLoad = ids.ToFrozenSet();
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    public Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        // Recorded whether or not the set is loaded yet: a change that commits while it loads is not lost.
        if (chatEvent is SettingsChanged changed)
        {
            _changed[changed.UserId] = changed.Settings.SendReadReceipts;
        }
        else if (chatEvent is CatchUpRequested && _privateAtLoad is not null)
        {
            return ReloadAsync(cancellationToken);
        }

        return Task.CompletedTask;
    }

    /// <summary>The bus was away, so a change on another node may have been missed: the database says who shares now.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            var before = _changed.ToArray();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            var ids = await db.Users.Where(u => !u.SendReadReceipts).Select(u => u.Id).ToListAsync(cancellationToken);
            _privateAtLoad = ids.ToFrozenSet();
            // Changes recorded before the read are in it; one recorded while it ran may not be, and stays.
            foreach (var entry in before)
            {
                _changed.TryRemove(entry);
            }
        }
        finally
        {
            _loading.Release();
        }
    }
}
