using Microsoft.AspNetCore.Identity;
using Parley.Conversations;

namespace Parley.Rooms;

public static class RoomsSetup
{
    public static WebApplicationBuilder AddRooms(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MembershipCache>();
        builder.Services.AddScoped<ConversationAccess>();
        builder.Services.AddScoped<RoomQueries>();
        builder.Services.AddScoped<RoomActions>();
        builder.Services.AddSingleton<IPasswordHasher<Conversation>, PasswordHasher<Conversation>>();
        return builder;
    }
}
