using Parley.Accounts;
using Parley.Messages;

namespace Parley.Tests.Unit;

public sealed class MentionsTests
{
    [Fact]
    public void Parse_FindsNamesInTheirUsualPlaces()
    {
        var parsed = Mentions.Parse("@alice can you and (@Bob) check this? thanks @carol.");
        Assert.Equal(["alice", "bob", "carol"], parsed.Usernames.Select(u => u.ToLowerInvariant()).Order());
        Assert.False(parsed.MentionsRoom);
    }

    [Theory]
    [InlineData("mail me at dave@example.com")]
    [InlineData("@@dave")]
    [InlineData("an @ alone")]
    [InlineData("@ab is too short for a username")]
    public void Parse_IgnoresWhatIsNotAMention(string text) => Assert.Empty(Mentions.Parse(text).Usernames);

    [Fact]
    public void Parse_AtRoom_IsTheRoomNotAUser()
    {
        var parsed = Mentions.Parse("heads up @room: deploy at 5");
        Assert.True(parsed.MentionsRoom);
        Assert.Empty(parsed.Usernames);
    }

    [Theory]
    [InlineData("room")]
    [InlineData("Everyone")]
    [InlineData("here")]
    public void Usernames_WithAMeaningAfterAt_AreReserved(string name) =>
        Assert.Contains("reserved", UsernameRules.Check(name));
}
