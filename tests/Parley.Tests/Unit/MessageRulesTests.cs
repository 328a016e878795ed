using Parley.Messages;

namespace Parley.Tests.Unit;

public sealed class MessageRulesTests
{
    [Fact]
    public void Check_TrimsAndKeepsTheRestVerbatim()
    {
        var errors = MessageRules.Check("  <b>hi</b>\n  there  ", null, out var text);
        Assert.True(errors.IsEmpty);
        Assert.Equal("<b>hi</b>\n  there", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData(null)]
    public void Check_EmptyAfterTrimming_IsRefused(string? text) =>
        Assert.Contains("cannot be empty", MessageRules.Check(text, null, out _).Summary());

    [Fact]
    public void Check_FourThousandCharacters_IsTheLimit()
    {
        Assert.True(MessageRules.Check(new string('x', 4000), null, out _).IsEmpty);
        Assert.Contains("at most 4000", MessageRules.Check(new string('x', 4001), null, out _).Summary());
    }

    [Fact]
    public void Check_CountsEmojiAsOneCharacter()
    {
        var fourThousandEmoji = string.Concat(Enumerable.Repeat("😀", 4000));
        Assert.True(MessageRules.Check(fourThousandEmoji, null, out _).IsEmpty);
        Assert.False(MessageRules.Check(fourThousandEmoji + "😀", null, out _).IsEmpty);
    }

    [Fact]
    public void Check_ClientMessageId_MustBeReasonable()
    {
        Assert.True(MessageRules.Check("hi", Guid.NewGuid().ToString(), out _).IsEmpty);
        Assert.Contains("clientMessageId", MessageRules.Check("hi", "", out _).For("clientMessageId")[0]);
        Assert.False(MessageRules.Check("hi", new string('k', 65), out _).IsEmpty);
    }
}
