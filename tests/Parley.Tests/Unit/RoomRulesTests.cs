using Parley.Rooms;

namespace Parley.Tests.Unit;

public sealed class RoomRulesTests
{
    [Theory]
    [InlineData(MemberRole.Owner, MemberRole.Admin, true)]
    [InlineData(MemberRole.Owner, MemberRole.Member, true)]
    [InlineData(MemberRole.Admin, MemberRole.Member, true)]
    [InlineData(MemberRole.Admin, MemberRole.Admin, false)]
    [InlineData(MemberRole.Admin, MemberRole.Owner, false)]
    [InlineData(MemberRole.Member, MemberRole.Member, false)]
    [InlineData(MemberRole.Member, MemberRole.Admin, false)]
    public void CanRemove_OnlyAboveTheTarget(MemberRole actor, MemberRole target, bool allowed) =>
        Assert.Equal(allowed, RoomRules.CanRemove(actor, target));

    [Theory]
    [InlineData(MemberRole.Owner, true, true, true, true)]
    [InlineData(MemberRole.Admin, true, false, false, true)]
    [InlineData(MemberRole.Member, false, false, false, false)]
    public void Permissions_ByRole(MemberRole role, bool editDetails, bool changeAccess, bool delete, bool manageInvites)
    {
        Assert.Equal(editDetails, RoomRules.CanEditDetails(role));
        Assert.Equal(changeAccess, RoomRules.CanChangeAccess(role));
        Assert.Equal(delete, RoomRules.CanDelete(role));
        Assert.Equal(changeAccess, RoomRules.CanChangeRoles(role));
        Assert.Equal(manageInvites, RoomRules.CanManageInvites(role));
    }

    [Theory]
    [InlineData("general", null)]
    [InlineData("  spaced  ", null)]
    [InlineData("", "Give the room a name.")]
    [InlineData("   ", "Give the room a name.")]
    [InlineData("two\nlines", "line breaks")]
    public void CheckName(string name, string? expected)
    {
        var error = RoomRules.CheckName(name, out _);
        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, error);
        }
    }

    [Fact]
    public void CheckName_EightyCharactersIsTheLimit()
    {
        Assert.Null(RoomRules.CheckName(new string('n', 80), out _));
        Assert.Contains("at most 80", RoomRules.CheckName(new string('n', 81), out _));
    }

    [Theory]
    [InlineData(null, "needs a password")]
    [InlineData("12345", "6 to 128")]
    [InlineData("123456", null)]
    public void CheckPassword(string? password, string? expected)
    {
        var error = RoomRules.CheckPassword(password);
        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, error);
        }
    }
}
