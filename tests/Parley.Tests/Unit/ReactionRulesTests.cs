using Parley.Messages;

namespace Parley.Tests.Unit;

public sealed class ReactionRulesTests
{
    /// <summary>Every kind of single emoji people react with: plain, with presentation selector, skin tones, ZWJ sequences, keycaps, flags.</summary>
    [Theory]
    [InlineData("👍")]
    [InlineData("❤️")]
    [InlineData("❤")]
    [InlineData("👍🏽")]
    [InlineData("👩‍👩‍👧‍👦")]
    [InlineData("🏳️‍🌈")]
    [InlineData("🧑🏿‍💻")]
    [InlineData("1️⃣")]
    [InlineData("#️⃣")]
    [InlineData("🇫🇷")]
    [InlineData("🏴󠁧󠁢󠁳󠁣󠁴󠁿")]
    [InlineData("©️")]
    [InlineData("🫠")]
    public void IsEmoji_OneEmoji_IsAccepted(string emoji) => Assert.True(ReactionRules.IsEmoji(emoji));

    /// <summary>Letters, digits, symbols that are not emoji, text, several emoji, or pieces of one are refused.</summary>
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a")]
    [InlineData("7")]
    [InlineData("#")]
    [InlineData("é")]
    [InlineData("ok")]
    [InlineData("→")]
    [InlineData("👍👍")]
    [InlineData("👍 ")]
    [InlineData("🇫")]
    [InlineData("🇫🇷🇩🇪")]
    [InlineData("🏽")]
    [InlineData("\u200D")]
    [InlineData("👍\u200D")]
    [InlineData("<b>")]
    public void IsEmoji_AnythingElse_IsRefused(string notOneEmoji) => Assert.False(ReactionRules.IsEmoji(notOneEmoji));
}
