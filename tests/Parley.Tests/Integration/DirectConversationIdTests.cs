using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Parley.Tests.Integration.AccessMatrix;

namespace Parley.Tests.Integration;

/// <summary>
/// Room endpoints know nothing of direct conversations: given one's id, even by the people in it, they answer exactly
/// as for an id that does not exist, and change nothing. (They once let a participant "leave" a direct conversation,
/// after which it reached nobody on that side.)
/// </summary>
[Collection(SharedServer.Name)]
public sealed partial class DirectConversationIdTests(ServerFixture fixture)
{
    /// <summary>
    /// Leaving a direct conversation through the room endpoint is refused as for a room that does not exist, for
    /// either side; the conversation keeps delivering both ways, and no "left the room" notice is written into it.
    /// </summary>
    [Fact]
    public async Task RoomLeave_WithADirectConversationId_AnswersLikeAMissingRoom_AndTheConversationKeepsWorking()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var before = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "before" });

        foreach (var side in new[] { alice, bob })
        {
            using var leave = await side.PostAsync($"/api/rooms/{dm.Id}/leave");
            using var leaveNothing = await side.PostAsync($"/api/rooms/{AccessScene.MissingId}/leave");
            var refused = await leave.ReadProblemAsync();
            var missing = await leaveNothing.ReadProblemAsync();
            Assert.Equal((404, "room_not_found"), (missing.Status, missing.Code));
            Assert.Equal((missing.Status, missing.Code, missing.Detail), (refused.Status, refused.Code, refused.Detail));
        }

        var after = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "after" });
        await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == after.Id);
        var reply = await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "reply" });
        await aliceHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == reply.Id);
        foreach (var side in new[] { alice, bob })
        {
            var history = (await side.MessagesAsync(dm.Id)).Messages;
            Assert.Equal([(before.Id, "before"), (after.Id, "after"), (reply.Id, "reply")], history.Select(m => (m.Id, m.Text)));
            Assert.All(history, m => Assert.Equal(MessageKind.Text, m.Kind));
        }
    }

    /// <summary>
    /// Every room endpoint (found from the server's endpoints, so a new one is covered too), asked about a direct
    /// conversation by either person in it, gives the very answer an id that does not exist gets. Afterwards both
    /// are still in it with nothing written into it, and it delivers both ways.
    /// </summary>
    [Fact]
    public async Task EveryRoomEndpoint_WithADirectConversationId_AnswersLikeAMissingId_AndChangesNothing()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var first = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "first" });
        var roomEndpoints = fixture.Server.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/rooms/{id:long}", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(method => (Method: method, Pattern: e.RoutePattern.RawText!)))
            .ToList();
        // The 13 of today at least: an empty list would make this test pass without asking anything.
        Assert.True(roomEndpoints.Count >= 13, $"Only {roomEndpoints.Count} room endpoints found.");

        foreach (var (side, other) in new[] { (alice, bob), (bob, alice) })
        {
            foreach (var (method, pattern) in roomEndpoints)
            {
                var forDirect = await AskAsync(side, method, pattern, dm.Id, other.Id, first.Id);
                var forNothing = await AskAsync(side, method, pattern, AccessScene.MissingId, other.Id, first.Id);
                Assert.True((404, "room_not_found") == (forNothing.Status, forNothing.Code), $"{method} {pattern} for a missing id: {forNothing}");
                Assert.True(forNothing == forDirect, $"{method} {pattern} as {side.Username}: {forDirect}, but for a missing id {forNothing}");
            }
        }

        var second = await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "second" });
        await aliceHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == second.Id);
        var third = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = "third" });
        await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == third.Id);
        foreach (var (side, other) in new[] { (alice, bob), (bob, alice) })
        {
            Assert.Equal([first.Id, second.Id, third.Id], (await side.MessagesAsync(dm.Id)).Messages.Select(m => m.Id));
            var conversation = Assert.Single(await side.ConversationsAsync(), c => c.Id == dm.Id);
            Assert.Equal(2, conversation.MemberCount);
            Assert.Equal(other.Id, Assert.Single(conversation.Participants).User.Id);
        }
    }

    /// <summary>Asks a room endpoint about a conversation with a body that would do harm if it got through: rename, hand over, make public.</summary>
    private static async Task<(int Status, string Code, string Detail, string Errors)> AskAsync(ApiClient user, string method, string pattern, long id, long otherId, long messageId)
    {
        var path = RouteValue().Replace(pattern, match => match.Groups["name"].Value switch
        {
            "id" => $"{id}",
            "userId" => $"{otherId}",
            "messageId" => $"{messageId}",
            "code" => "not-a-code",
            var name => throw new InvalidOperationException($"{method} {pattern}: no value for {{{name}}}."),
        });
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = JsonContent.Create(new { name = "Taken over", topic = "mine now", visibility = "public", role = "owner", password = "guess-guess" }, options: Json.Options);
        }

        using var response = await user.Http.SendAsync(request);
        var problem = await response.ReadProblemAsync();
        return (problem.Status, problem.Code, problem.Detail, string.Join(";", problem.Errors.Select(e => $"{e.Key}={string.Join(",", e.Value)}")));
    }

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}]*)?\}")]
    private static partial Regex RouteValue();
}
