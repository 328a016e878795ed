using Parley.Messages;

namespace Parley.Tests.Integration.RichMessages;

/// <summary>The message-change endpoints as a client calls them, and the small scenes their tests share.</summary>
internal static class MessageChangeCalls
{
    public static Task<HttpResponseMessage> EditAsync(this ApiClient user, long conversationId, long messageId, string text) =>
        user.PatchAsync($"/api/conversations/{conversationId}/messages/{messageId}", new { text });

    public static Task<HttpResponseMessage> DeleteMessageAsync(this ApiClient user, long conversationId, long messageId) =>
        user.DeleteAsync($"/api/conversations/{conversationId}/messages/{messageId}");

    public static Task<HttpResponseMessage> ReactAsync(this ApiClient user, long conversationId, long messageId, string emoji) =>
        user.Http.PutAsync($"/api/conversations/{conversationId}/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}", content: null);

    public static Task<HttpResponseMessage> UnreactAsync(this ApiClient user, long conversationId, long messageId, string emoji) =>
        user.DeleteAsync($"/api/conversations/{conversationId}/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}");

    public static Task<HttpResponseMessage> PinAsync(this ApiClient user, long conversationId, long messageId) =>
        user.Http.PutAsync($"/api/conversations/{conversationId}/pins/{messageId}", content: null);

    public static Task<HttpResponseMessage> UnpinAsync(this ApiClient user, long conversationId, long messageId) =>
        user.DeleteAsync($"/api/conversations/{conversationId}/pins/{messageId}");

    public static Task<List<MessageDto>> PinsAsync(this ApiClient user, long conversationId) =>
        ApiClient.ReadAsync<List<MessageDto>>(user.GetAsync($"/api/conversations/{conversationId}/pins"));

    public static Task<MessagePage> ChangesAsync(this ApiClient user, long conversationId, long after, int? limit = null) =>
        ApiClient.ReadAsync<MessagePage>(user.GetAsync($"/api/conversations/{conversationId}/messages/changes?after={after}{(limit is null ? "" : $"&limit={limit}")}"));

    public static Task<MessageDto> SendAsync(this HubClient hub, long conversationId, string text, long? replyToId = null) =>
        hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = conversationId, text, replyToId });

    /// <summary>The message as the user's history shows it now.</summary>
    public static async Task<MessageDto> InHistoryAsync(this ApiClient user, long conversationId, long messageId) =>
        (await user.MessagesAsync(conversationId)).Messages.Single(m => m.Id == messageId);

    /// <summary>A public room of <paramref name="owner"/> with an admin and plain members in it.</summary>
    public static async Task<long> RoomAsync(ApiClient owner, ApiClient? admin, params ApiClient[] members)
    {
        var room = await owner.CreateRoomAsync(name: ApiClient.UniqueName("rich"));
        foreach (var member in (admin is null ? members : [admin, .. members]))
        {
            await member.JoinAsync(room.Id);
        }

        if (admin is not null)
        {
            await ApiClient.EnsureSuccessAsync(await owner.PutAsync($"/api/rooms/{room.Id}/members/{admin.Id}/role", new { role = "admin" }));
        }

        return room.Id;
    }

    /// <summary>A word no other test uses, so search results come only from this test's messages.</summary>
    public static string Marker() => "zq" + Guid.NewGuid().ToString("N")[..10];
}
