using System.Collections.Frozen;
using Parley.Access;
using Parley.Moderation;

namespace Parley.Tests.Unit;

public sealed class ModerationRulesTests
{
    /// <summary>Banning and timing out mirror removing: only someone above the target, and at least an admin.</summary>
    [Theory]
    [InlineData(MemberRole.Owner, MemberRole.Admin, true)]
    [InlineData(MemberRole.Owner, MemberRole.Member, true)]
    [InlineData(MemberRole.Admin, MemberRole.Member, true)]
    [InlineData(MemberRole.Admin, MemberRole.Admin, false)]
    [InlineData(MemberRole.Admin, MemberRole.Owner, false)]
    [InlineData(MemberRole.Member, MemberRole.Member, false)]
    public void CanModerate_FollowsTheRemoveRules(MemberRole actor, MemberRole target, bool allowed) =>
        Assert.Equal(allowed, ModerationRules.CanModerate(actor, target));

    /// <summary>A timeout is 1 minute to a week; anything else, or none, is refused.</summary>
    [Theory]
    [InlineData(null, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1440, true)]
    [InlineData(10080, true)]
    [InlineData(10081, false)]
    public void CheckTimeout_AcceptsAMinuteToAWeek(int? minutes, bool valid) =>
        Assert.Equal(valid, ModerationRules.CheckTimeout(new TimeoutRequest(minutes)).IsEmpty);

    /// <summary>A timeout ends by itself: past its end, the access check no longer sees it, with nobody lifting it.</summary>
    [Fact]
    public void TimedOutUntil_EndsByItself()
    {
        var until = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
        var members = new ConversationMembers(true, ConversationKind.Room, RoomVisibility.Public,
            new Dictionary<long, MemberRole> { [7] = MemberRole.Member }.ToFrozenDictionary(), new Dictionary<long, DateTime> { [7] = until }.ToFrozenDictionary());

        Assert.Equal(until, members.TimedOutUntil(7, until.AddSeconds(-1)));
        Assert.Null(members.TimedOutUntil(7, until));
        Assert.Null(members.TimedOutUntil(8, until.AddSeconds(-1)));
    }

    /// <summary>A report needs a category; its comment is optional and capped.</summary>
    [Fact]
    public void CheckReport_NeedsACategory_AndCapsTheComment()
    {
        Assert.False(ModerationRules.CheckReport(new ReportMessageRequest(null, "x"), out _).IsEmpty);
        Assert.False(ModerationRules.CheckReport(new ReportMessageRequest(ReportCategory.Other, new string('x', ModerationRules.MaxCommentLength + 1)), out _).IsEmpty);
        Assert.True(ModerationRules.CheckReport(new ReportMessageRequest(ReportCategory.Spam, "  "), out var comment).IsEmpty);
        Assert.Null(comment);
    }
}
