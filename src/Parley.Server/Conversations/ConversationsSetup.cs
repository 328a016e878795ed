using Microsoft.AspNetCore.Identity;
using Parley.Rooms;

namespace Parley.Conversations;

public static class ConversationsSetup
{
    /// <summary>Rooms, direct messages and what they share: membership, access checks, the conversation list.</summary>
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MembershipCache>();
        builder.Services.AddScoped<ConversationAccess>();
        builder.Services.AddScoped<ConversationQueries>();
        builder.Services.AddScoped<ConversationActions>();
        builder.Services.AddScoped<DirectMessages.Blocks>();
        builder.Services.AddScoped<DirectMessages.DirectActions>();
        builder.Services.AddScoped<RoomQueries>();
        builder.Services.AddScoped<RoomActions>();
        builder.Services.AddSingleton<IPasswordHasher<Conversation>, PasswordHasher<Conversation>>();
        return builder;
    }
}
