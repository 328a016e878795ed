using Parley.Rooms;

namespace Parley.Tests.Integration.Moderation;

/// <summary>
/// A room with an owner, an admin, a plain member who writes, a plain member who reports, each connected to the
/// hub, and a message by the writer: what the moderation tests act on.
/// </summary>
public sealed class ModerationScene : IAsyncDisposable
{
    private ModerationScene(ApiClient owner, ApiClient admin, ApiClient writer, ApiClient reporter, RoomDto room, HubClient ownerHub, HubClient adminHub, HubClient writerHub, HubClient reporterHub)
    {
        (Owner, Admin, Writer, Reporter, Room) = (owner, admin, writer, reporter, room);
        (OwnerHub, AdminHub, WriterHub, ReporterHub) = (ownerHub, adminHub, writerHub, reporterHub);
    }

    public ApiClient Owner { get; }

    public ApiClient Admin { get; }

    public ApiClient Writer { get; }

    public ApiClient Reporter { get; }

    public RoomDto Room { get; }

    public HubClient OwnerHub { get; }

    public HubClient AdminHub { get; }

    public HubClient WriterHub { get; }

    public HubClient ReporterHub { get; }

    public static async Task<ModerationScene> CreateAsync(IParleyAddress server, string visibility = "public", string? password = null)
    {
        var owner = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("owner"));
        var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("admin"));
        var writer = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("writer"));
        var reporter = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("reporter"));
        var room = await owner.CreateRoomAsync(visibility, password, ApiClient.UniqueName("modroom"));
        var invite = await ApiClient.ReadAsync<InviteDto>(owner.PostAsync($"/api/rooms/{room.Id}/invites"));
        foreach (var person in new[] { admin, writer, reporter })
        {
            await ApiClient.ReadAsync<RoomDto>(person.PostAsync($"/api/invites/{invite.Code}/accept"));
        }

        await ApiClient.ReadAsync<MemberDto>(owner.PutAsync($"/api/rooms/{room.Id}/members/{admin.Id}/role", new { role = "admin" }));
        return new ModerationScene(owner, admin, writer, reporter, room,
            await owner.ConnectHubAsync(), await admin.ConnectHubAsync(), await writer.ConnectHubAsync(), await reporter.ConnectHubAsync());
    }

    public Task<MessageDto> WriteAsync(string text) =>
        WriterHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = Room.Id, text });

    public Task<HttpResponseMessage> ReportAsync(ApiClient who, long messageId, string category = "harassment", string? comment = null) =>
        who.PostAsync($"/api/conversations/{Room.Id}/messages/{messageId}/report", new { category, comment });

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in new[] { OwnerHub, AdminHub, WriterHub, ReporterHub })
        {
            await hub.DisposeAsync();
        }

        foreach (var person in new[] { Owner, Admin, Writer, Reporter })
        {
            person.Dispose();
        }
    }
}
