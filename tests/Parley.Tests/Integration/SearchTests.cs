using Parley.Messages;
using Parley.Search;

namespace Parley.Tests.Integration;

[Collection(SharedServer.Name)]
public sealed class SearchTests(ServerFixture fixture)
{
    /// <summary>A word no other test uses, so results come only from this test's messages.</summary>
    private static string Marker() => "zq" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Search_FindsOnlyWhatTheSearcherCanRead()
    {
        var marker = Marker();
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var shared = await alice.CreateRoomAsync(name: "shared");
        var alicesPrivate = await alice.CreateRoomAsync("private");
        var publicNotJoined = await alice.CreateRoomAsync();
        await bob.JoinAsync(shared.Id);
        var otherDm = await alice.OpenDirectAsync((await fixture.UserAsync()).Username);
        await using var hub = await alice.ConnectHubAsync();
        var visible = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = shared.Id, text = $"{marker} in the shared room" });
        foreach (var hidden in new[] { alicesPrivate.Id, publicNotJoined.Id, otherDm.Id })
        {
            await hub.InvokeAsync("SendMessage", new { roomId = hidden, text = $"{marker} somewhere bob is not" });
        }

        var bobsResults = await SearchAsync(bob, marker);
        var alicesResults = await SearchAsync(alice, marker);

        Assert.Equal([visible.Id], bobsResults.Results.Select(r => r.Message.Id));
        Assert.Equal(4, alicesResults.Results.Count);
        Assert.Equal(("shared", '\uE000'), (bobsResults.Results[0].Conversation.Name, bobsResults.Results[0].Snippet![0]));
    }

    [Fact]
    public async Task Search_WholeWordsOrPrefixesWithAStar_PhrasesExactly_AndNotSystemNotices()
    {
        var marker = Marker();
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync(name: marker);
        await using var hub = await alice.ConnectHubAsync();
        var deployment = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"{marker} the deployment went fine" });
        var reversed = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"{marker} fine went the deployment" });

        Assert.Empty((await SearchAsync(alice, $"{marker} deploy")).Results);
        Assert.Equal([reversed.Id, deployment.Id], (await SearchAsync(alice, $"{marker} deploy*")).Results.Select(r => r.Message.Id));
        Assert.Equal([deployment.Id], (await SearchAsync(alice, $"{marker} \"deployment went\"")).Results.Select(r => r.Message.Id));
        Assert.Equal(2, (await SearchAsync(alice, marker)).Results.Count); // "created the room" mentions the name but is not searchable
    }

    /// <summary>
    /// Both providers read text alike (SQLite's unicode61 tokenizer, PostgreSQL's configuration in
    /// PostgresMessageSearchSql): case, accents and punctuation never hide a word, inside addresses and links too.
    /// </summary>
    [Fact]
    public async Task Search_IgnoresCaseAccentsAndPunctuation()
    {
        var marker = Marker();
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var dessert = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"{marker} Crème brûlée at the Café" });
        var contact = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"{marker} write to bob@example.com or see https://example.org/menu_card" });

        Assert.Equal([dessert.Id], await Ids(alice, $"{marker} CAFE creme"));
        Assert.Equal([dessert.Id], await Ids(alice, $"{marker} BRÛ*"));
        Assert.Equal([contact.Id], await Ids(alice, $"{marker} example.org \"menu card\""));
        Assert.Equal([contact.Id], await Ids(alice, $"{marker} bob"));
    }

    [Fact]
    public async Task Search_Filters_FromInAndDates()
    {
        var marker = Marker();
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var general = await alice.CreateRoomAsync(name: $"general-{marker}");
        var random = await alice.CreateRoomAsync(name: $"random-{marker}");
        await bob.JoinAsync(general.Id);
        await bob.JoinAsync(random.Id);
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var fromAlice = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = general.Id, text = $"{marker} one" });
        var fromBob = await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = general.Id, text = $"{marker} two" });
        var inRandom = await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = random.Id, text = $"{marker} three" });
        var inDm = await bobHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = dm.Id, text = $"{marker} four" });
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal([fromAlice.Id], await Ids(alice, $"{marker} from:{alice.Username}"));
        Assert.Equal([inDm.Id, inRandom.Id, fromBob.Id], await Ids(alice, $"{marker} from:@{bob.Username}"));
        Assert.Equal([fromBob.Id, fromAlice.Id], await Ids(alice, $"{marker} in:#GENERAL-{marker}"));
        Assert.Equal([inDm.Id], await Ids(alice, $"{marker} in:@{bob.Username}"));
        Assert.Equal([inRandom.Id], await Ids(alice, $"{marker} from:{bob.Username} in:random-{marker}"));
        Assert.Empty(await Ids(alice, $"{marker} before:{today}"));
        Assert.Equal(4, (await Ids(alice, $"{marker} after:{yesterday}")).Count);
        Assert.Empty(await Ids(alice, $"{marker} in:no-such-room"));
        Assert.Empty(await Ids(alice, $"{marker} from:no_such_person"));
    }

    [Fact]
    public async Task Search_InOneConversation_AndPagingNewestFirst()
    {
        var marker = Marker();
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        var elsewhere = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var sent = new List<MessageDto>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add(await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"{marker} number {i}" }));
        }

        await hub.InvokeAsync("SendMessage", new { roomId = elsewhere.Id, text = $"{marker} elsewhere" });

        var first = await ApiClient.ReadAsync<SearchPage>(alice.GetAsync($"/api/search?q={marker}&conversationId={room.Id}&limit=3"));
        var second = await ApiClient.ReadAsync<SearchPage>(alice.GetAsync($"/api/search?q={marker}&conversationId={room.Id}&limit=3&before={first.Results[^1].Message.Id}"));

        Assert.Equal(sent.AsEnumerable().Reverse().Select(m => m.Id), first.Results.Concat(second.Results).Select(r => r.Message.Id));
        Assert.True(first.HasMore);
        Assert.False(second.HasMore);
        Assert.Equal([marker], first.Highlights);
    }

    [Fact]
    public async Task Search_DoesNotFindWhatTheSearcherCleared()
    {
        var marker = Marker();
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var dm = await alice.OpenDirectAsync(bob.Username);
        await using var hub = await alice.ConnectHubAsync();
        await hub.InvokeAsync("SendMessage", new { roomId = dm.Id, text = $"{marker} forget this" });

        (await bob.PostAsync($"/api/conversations/{dm.Id}/clear")).Dispose();

        Assert.Empty((await SearchAsync(bob, marker)).Results);
        Assert.Single((await SearchAsync(alice, marker)).Results);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("before:last-week", "q")]
    public async Task Search_BadQueries_AreFieldErrors(string q, string field)
    {
        using var alice = await fixture.UserAsync();
        using var response = await alice.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}");
        Assert.True((await response.ReadProblemAsync()).Errors.ContainsKey(field));
    }

    [Fact]
    public async Task Around_ShowsAHitInItsPlace()
    {
        using var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var sent = new List<MessageDto>();
        for (var i = 0; i < 30; i++)
        {
            sent.Add(await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"line {i}" }));
        }

        var window = await ApiClient.ReadAsync<MessageWindow>(alice.GetAsync($"/api/conversations/{room.Id}/messages/{sent[15].Id}/around?limit=10"));

        Assert.Equal(sent.Skip(10).Take(10).Select(m => m.Id), window.Messages.Select(m => m.Id));
        Assert.True(window.HasOlder && window.HasNewer);
        using var missing = await alice.GetAsync($"/api/conversations/{room.Id}/messages/{long.MaxValue}/around");
        Assert.Equal((404, "message_not_found"), await missing.StatusAndCodeAsync());
    }

    private static Task<SearchPage> SearchAsync(ApiClient user, string q) =>
        ApiClient.ReadAsync<SearchPage>(user.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}"));

    private static async Task<List<long>> Ids(ApiClient user, string q) =>
        [.. (await SearchAsync(user, q)).Results.Select(r => r.Message.Id)];
}
