using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Accounts;
using Parley.Conversations;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.DirectMessages;

public sealed record OpenDirectRequest(IReadOnlyList<string>? Usernames);

/// <summary>Direct conversations: one-to-one or a small group, found again by who is in them.</summary>
public sealed class DirectActions(ParleyDb db, Blocks blocks, ConversationAccess access, ConversationQueries queries, IEventBus bus, TimeProvider clock)
{
    /// <summary>Everyone in a group conversation, the person starting it included.</summary>
    public const int MaxParticipants = 10;

    private static readonly ApiError TooManyParticipants =
        ApiError.Validation(new ValidationErrors().Add("usernames", $"A group conversation has at most {MaxParticipants} people, you included."));

    /// <summary>Opens the conversation between the caller and these people, creating it the first time.</summary>
    public async Task<Result<ConversationDto>> OpenAsync(long userId, OpenDirectRequest request)
    {
        var names = (request.Usernames ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim().TrimStart('@')).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0)
        {
            return ApiError.Validation(new ValidationErrors().Add("usernames", "Name at least one person to talk to."));
        }

        // Checked before anyone is looked up, and never echoed whole: the list and its names are the caller's to size.
        if (names.Count > MaxParticipants)
        {
            return TooManyParticipants;
        }

        if (names.Any(n => n.Length > UsernameRules.MaxLength))
        {
            return ApiError.Validation(new ValidationErrors().Add("usernames", $"Usernames are at most {UsernameRules.MaxLength} characters long."));
        }

        var normalized = names.Select(n => n.ToUpperInvariant()).ToList();
        var found = await db.Users.Where(u => normalized.Contains(u.NormalizedUserName!) && u.DeletedAt == null).Select(u => new { u.Id, u.NormalizedUserName }).ToListAsync();
        var missing = names.Where(n => !found.Any(f => string.Equals(f.NormalizedUserName, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            return ApiError.Validation(new ValidationErrors().Add("usernames", $"No one is called {string.Join(", ", missing)}."));
        }

        var others = found.Select(f => f.Id).Where(id => id != userId).Distinct().ToList();
        if (others.Count == 0)
        {
            return ApiError.Validation(new ValidationErrors().Add("usernames", "Name someone other than yourself."));
        }

        if (others.Count + 1 > MaxParticipants)
        {
            return TooManyParticipants;
        }

        if (await blocks.CheckCanMessageAsync(userId, others) is { } blocked)
        {
            return blocked;
        }

        var participants = others.Append(userId).Order().ToList();
        var key = string.Join(':', participants);
        var existing = await db.Conversations.Where(c => c.DirectKey == key).Select(c => (long?)c.Id).FirstOrDefaultAsync();
        if (existing is { } id)
        {
            await RestoreParticipantsAsync(id, participants);
            return await AsSeenByAsync(userId, id);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            Kind = ConversationKind.Direct,
            Name = "",
            Visibility = RoomVisibility.Private,
            CreatedById = userId,
            CreatedAt = now,
            DirectKey = key,
            Members = [.. participants.Select(p => new Membership { UserId = p, Role = MemberRole.Member, JoinedAt = now })],
        };
        db.Conversations.Add(conversation);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Both sides opened it at the same moment: use the one that won.
            var winner = await db.Conversations.Where(c => c.DirectKey == key).Select(c => (long?)c.Id).FirstOrDefaultAsync() ?? throw new InvalidOperationException("Opening the conversation failed.");
            return await AsSeenByAsync(userId, winner);
        }

        await bus.PublishAsync(new ConversationStarted(conversation.Id, participants));
        return await AsSeenByAsync(userId, conversation.Id);
    }

    /// <summary>
    /// Everyone the conversation is between is in it. Before room endpoints refused direct conversations, leaving one
    /// through them could take a participant out, and the conversation reached nobody on that side; opening it again
    /// repairs it.
    /// </summary>
    private async Task RestoreParticipantsAsync(long conversationId, IReadOnlyList<long> participants)
    {
        var present = await db.Memberships.Where(m => m.ConversationId == conversationId).Select(m => m.UserId).ToListAsync();
        var missing = participants.Except(present).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Memberships.AddRange(missing.Select(p => new Membership { ConversationId = conversationId, UserId = p, Role = MemberRole.Member, JoinedAt = now }));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Repaired by a request at the same moment.
            db.ChangeTracker.Clear();
        }

        await bus.PublishAsync(new ConversationStarted(conversationId, participants));
    }

    /// <summary>The conversation as the one who opened it sees it in their list.</summary>
    private async Task<Result<ConversationDto>> AsSeenByAsync(long userId, long conversationId) =>
        await access.ConversationAsync(userId, conversationId).ThenAsync(async grant =>
            await queries.GetAsync(grant) is { } conversation ? conversation : (Result<ConversationDto>)ConversationAccess.ConversationNotFound);

    public async Task<Result<bool>> BlockAsync(long userId, string username)
    {
        var target = await FindAsync(username);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        if (target.Value == userId)
        {
            return ApiError.BadRequest("cannot_block_self", "You cannot block yourself.");
        }

        if (!await db.Blocks.AnyAsync(b => b.BlockerId == userId && b.BlockedId == target.Value))
        {
            db.Blocks.Add(new Block { BlockerId = userId, BlockedId = target.Value, CreatedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        return true;
    }

    public async Task<Result<bool>> UnblockAsync(long userId, string username)
    {
        var target = await FindAsync(username);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        await db.Blocks.Where(b => b.BlockerId == userId && b.BlockedId == target.Value).ExecuteDeleteAsync();
        return true;
    }

    public Task<List<UserSummary>> ListBlockedAsync(long userId, CancellationToken cancellationToken) =>
        db.Users
            .Where(u => db.Blocks.Any(b => b.BlockerId == userId && b.BlockedId == u.Id))
            .OrderBy(u => u.NormalizedUserName)
            .Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.AvatarVersion))
            .ToListAsync(cancellationToken);

    private async Task<Result<long>> FindAsync(string username)
    {
        if (username.Trim().TrimStart('@').Length > UsernameRules.MaxLength)
        {
            return ApiError.Validation(new ValidationErrors().Add("username", $"Usernames are at most {UsernameRules.MaxLength} characters long."));
        }

        var normalized = username.Trim().TrimStart('@').ToUpperInvariant();
        var id = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => (long?)u.Id).FirstOrDefaultAsync();
        return id is { } found ? found : ApiError.NotFound("user_not_found", $"No one is called {username}.");
    }
}
