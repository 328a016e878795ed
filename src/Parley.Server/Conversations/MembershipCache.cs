using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Parley.Infrastructure.Data;
using Parley.Realtime;

namespace Parley.Conversations;

/// <summary>A conversation's kind and who belongs to it, with their roles.</summary>
public sealed record ConversationMembers(ConversationKind Kind, FrozenDictionary<long, MemberRole> Roles)
{
    public static readonly ConversationMembers None = new(ConversationKind.Room, FrozenDictionary<long, MemberRole>.Empty);

    public MemberRole? RoleOf(long userId) => Roles.TryGetValue(userId, out var role) ? role : null;
}

/// <summary>
/// Who belongs to each conversation, for the checks on the hot path (every send, every typing signal). Loaded on
/// first use and dropped by the membership events themselves, so every node stays current.
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
            return await entry.Value;
        }
        catch
        {
            _members.TryRemove(KeyValuePair.Create(conversationId, entry));
            throw;
        }
    }

    public void Invalidate(long conversationId) => _members.TryRemove(conversationId, out _);

    public Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        switch (chatEvent)
        {
            case MemberJoined e: Invalidate(e.ConversationId); break;
            case MemberLeft e: Invalidate(e.ConversationId); break;
            case MemberUpdated e: Invalidate(e.ConversationId); break;
            case RoomDeleted e: Invalidate(e.ConversationId); break;
            case ConversationStarted e: Invalidate(e.ConversationId); break;
        }

        return Task.CompletedTask;
    }

    private async Task<ConversationMembers> LoadAsync(long conversationId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var kind = await db.Conversations.Where(c => c.Id == conversationId).Select(c => (ConversationKind?)c.Kind).FirstOrDefaultAsync();
        if (kind is null)
        {
            return ConversationMembers.None;
        }

        var members = await db.Memberships
            .Where(m => m.ConversationId == conversationId)
            .Select(m => new { m.UserId, m.Role })
            .ToListAsync();
        return new ConversationMembers(kind.Value, members.ToFrozenDictionary(m => m.UserId, m => m.Role));
    }
}
