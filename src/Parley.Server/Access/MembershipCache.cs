using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Access;

/// <summary>
/// A conversation as the access checks need it: whether it exists, its kind, who may find it, who belongs to it,
/// and who is timed out until when (rows past their end included: the checks compare with the clock).
/// </summary>
public sealed record ConversationMembers(
    bool Exists, ConversationKind Kind, RoomVisibility Visibility, FrozenDictionary<long, MemberRole> Roles, FrozenDictionary<long, DateTime> TimeoutsUntil)
{
    public static readonly ConversationMembers None = new(false, ConversationKind.Room, RoomVisibility.Private, FrozenDictionary<long, MemberRole>.Empty, FrozenDictionary<long, DateTime>.Empty);

    public MemberRole? RoleOf(long userId) => Roles.TryGetValue(userId, out var role) ? role : null;

    /// <summary>When the user's timeout here ends, while it lasts; null when they are not timed out.</summary>
    public DateTime? TimedOutUntil(long userId, DateTime now) => TimeoutsUntil.TryGetValue(userId, out var until) && until > now ? until : null;
}

/// <summary>
/// Who belongs to each conversation, for the checks on the hot path (every send, every typing signal). Loaded on
/// first use and dropped by the membership and room events themselves, so every node stays current (a timeout set
/// or lifted is announced as <see cref="MemberUpdated"/>).
/// </summary>
public sealed class MembershipCache(IServiceScopeFactory scopes) : IEventSubscriber
{
    // Lazy: the load starts only once the entry is in the dictionary, so an invalidation that races a load
    // always removes the entry that load will fill, never one added after it.
    private readonly ConcurrentDictionary<long, Lazy<Task<ConversationMembers>>> _members = new();

    public async ValueTask<MemberRole?> GetRoleAsync(long conversationId, long userId) =>
        (await GetAsync(conversationId)).RoleOf(userId);

    public async ValueTask<ConversationMembers> GetAsync(long conversationId)
    {
        var entry = _members.GetOrAdd(conversationId, id => new Lazy<Task<ConversationMembers>>(() => LoadAsync(id)));
        try
        {
            var members = await entry.Value;
            if (!members.Exists)
            {
                // Ids that name nothing are not kept: someone probing ids must not fill the cache.
                _members.TryRemove(KeyValuePair.Create(conversationId, entry));
            }

            return members;
        }
        catch
        {
            _members.TryRemove(KeyValuePair.Create(conversationId, entry));
            throw;
        }
    }

    public void Invalidate(long conversationId) => _members.TryRemove(conversationId, out _);

    /// <summary>How many conversations are held, for tests of what the cache keeps.</summary>
    internal int Count => _members.Count;

    public Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        switch (chatEvent)
        {
            case MemberJoined e: Invalidate(e.ConversationId); break;
            case MemberLeft e: Invalidate(e.ConversationId); break;
            case MemberUpdated e: Invalidate(e.ConversationId); break;
            case RoomUpdated e: Invalidate(e.Room.RoomId); break;
            case RoomDeleted e: Invalidate(e.ConversationId); break;
            case ConversationStarted e: Invalidate(e.ConversationId); break;
            case CatchUpRequested: _members.Clear(); break; // the bus was away: any change may have been missed
        }

        return Task.CompletedTask;
    }

    private async Task<ConversationMembers> LoadAsync(long conversationId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var conversation = await db.Conversations
            .Where(c => c.Id == conversationId)
            .Select(c => new { c.Kind, c.Visibility })
            .FirstOrDefaultAsync();
        if (conversation is null)
        {
            return ConversationMembers.None;
        }

        var members = await db.Memberships
            .Where(m => m.ConversationId == conversationId)
            .Select(m => new { m.UserId, m.Role })
            .ToListAsync();
        var timeouts = await db.RoomTimeouts
            .Where(t => t.ConversationId == conversationId)
            .Select(t => new { t.UserId, t.Until })
            .ToListAsync();
        return new ConversationMembers(
            true, conversation.Kind, conversation.Visibility, members.ToFrozenDictionary(m => m.UserId, m => m.Role), timeouts.ToFrozenDictionary(t => t.UserId, t => t.Until));
    }
}
