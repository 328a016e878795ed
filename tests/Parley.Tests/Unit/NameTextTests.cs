using Parley.Infrastructure;

namespace Parley.Tests.Unit;

/// <summary>
/// Names other people read (display names, room names, topics): one stored form, and nothing that makes a name look
/// like something it is not — but every character real writing and emoji need.
/// </summary>
public sealed class NameTextTests
{
    /// <summary>Emoji sequences and scripts that need joiners or selectors are stored exactly as written.</summary>
    [Theory]
    [InlineData("\U0001F469\u200D\U0001F4BB", "woman technologist: woman, ZWJ, laptop")]
    [InlineData("\U0001F44D\U0001F3FD", "thumbs up with a skin tone")]
    [InlineData("\U0001F468\U0001F3FD\u200D\U0001F4BB", "skin tone, then ZWJ")]
    [InlineData("\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "flag of Scotland: black flag, tag letters, cancel tag")]
    [InlineData("\U0001F3F3\uFE0F\u200D\U0001F308", "rainbow flag: white flag, VS16, ZWJ, rainbow")]
    [InlineData("1\uFE0F\u20E3 club", "keycap one")]
    [InlineData("\u263A\uFE0F club", "smiling face in emoji presentation")]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "Persian with ZWNJ between letters")]
    [InlineData("\u0915\u094D\u200D\u0937", "Hindi: half form with ZWJ after the virama")]
    [InlineData("\u0915\u094D\u200C\u0937", "Hindi: explicit virama with ZWNJ")]
    [InlineData("\u845B\U000E0100", "Japanese ideograph with an ideographic variation selector")]
    [InlineData("Zoë Ørsted-Łukasiewicz", "Latin with diacritics")]
    [InlineData("Ελληνικά и русский 中文 日本語 한국어", "several scripts")]
    public void Check_WhatWritingAndEmojiNeed_IsKeptAsWritten(string name, string what)
    {
        var error = NameText.Check(name, "A name", out var normalized);

        Assert.True(error is null, $"{what}: {error}");
        Assert.Equal(name, normalized);
    }

    /// <summary>Characters that reverse, hide or fake text are refused, with the reason and the code point.</summary>
    [Theory]
    [InlineData("\u202Egnp.exe", "direction", "U+202E")]
    [InlineData("live \u202Egnp.exe", "direction", "U+202E")]
    [InlineData("\u2066admin\u2069", "direction", "U+2066")]
    [InlineData("admin\u200F", "direction", "U+200F")]
    [InlineData("ad\u200Bmin", "invisible", "U+200B")]
    [InlineData("ad\u200Dmin", "invisible", "U+200D")]
    [InlineData("ad\u200Cmin", "invisible", "U+200C")]
    [InlineData("ad\u2060min", "invisible", "U+2060")]
    [InlineData("ad\uFEFFmin", "invisible", "U+FEFF")]
    [InlineData("ad\u00ADmin", "invisible", "U+00AD")]
    [InlineData("\u3164", "invisible", "U+3164")]
    [InlineData("Bob\u3164", "invisible", "U+3164")]
    [InlineData("\u115F\u1160", "invisible", "U+115F")]
    [InlineData("\u2800", "invisible", "U+2800")]
    [InlineData("admin\uFE0F", "invisible", "U+FE0F")]
    [InlineData("admin\U000E0100", "invisible", "U+E0100")]
    [InlineData("\u1780\u17B4", "invisible", "U+17B4")]
    [InlineData("\U0001F469\u200C\U0001F4BB", "invisible", "U+200C")]
    [InlineData("\U0001F469\u200D", "invisible", "U+200D")]
    [InlineData("admin\U000E0041", "invisible", "U+E0041")]
    [InlineData("two\nlines", "line breaks", "U+000A")]
    [InlineData("a\u2028b", "line breaks", "U+2028")]
    [InlineData("bell\u0007", "control", "U+0007")]
    public void Check_CharactersThatDisguiseAName_AreRefused(string name, string reason, string codePoint)
    {
        var error = NameText.Check(name, "A name", out _);

        Assert.NotNull(error);
        Assert.StartsWith("A name cannot contain", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(codePoint, error, StringComparison.Ordinal);
    }

    /// <summary>A name typed in decomposed form (as macOS file names and some keyboards produce) is stored composed.</summary>
    [Theory]
    [InlineData("Ge\u0301ne\u0301ral", "G\u00E9n\u00E9ral")]
    [InlineData("\u1112\u1161\u11AB\u1100\u1173\u11AF", "\uD55C\uAE00")]
    [InlineData("  Zoe\u0308  ", "Zo\u00EB")]
    public void Check_DecomposedInput_IsStoredComposed(string name, string stored)
    {
        Assert.Null(NameText.Check(name, "A name", out var normalized));
        Assert.Equal(stored, normalized);
    }

    /// <summary>Half of a surrogate pair is not text; it is refused rather than stored or mangled.</summary>
    [Fact]
    public void Check_LoneSurrogates_AreRefused()
    {
        foreach (var name in new[] { "\uD83D", "a\uDC00b", "tail\uD83D", "\uDE00\uD83D" })
        {
            var error = NameText.Check(name, "A name", out _);

            Assert.Equal("A name contains text that is not valid Unicode.", error);
        }
    }

    /// <summary>Names that differ only in case, composition, invisible joiners or selectors, or spacing are one name.</summary>
    [Theory]
    [InlineData("Général", "GÉNÉRAL")]
    [InlineData("Ge\u0301ne\u0301ral", "général")]
    [InlineData("Straße", "STRAẞE")]
    [InlineData("ΟΔΟΣ", "οδος")]
    [InlineData("οδος", "οδοσ")]
    [InlineData("team  chat", "Team Chat")]
    [InlineData("team\u00A0chat", "team chat")]
    [InlineData("\u263A\uFE0F club", "\u263A club")]
    [InlineData("\U0001F469\u200D\U0001F4BB room", "\U0001F469\U0001F4BB room")]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "\u0645\u06CC\u062E\u0648\u0627\u0647\u0645")]
    public void Key_NamesThatLookAlike_AreOneName(string a, string b) => Assert.Equal(NameText.Key(a), NameText.Key(b));

    /// <summary>The key keeps apart what people see as different names.</summary>
    [Theory]
    [InlineData("general", "generals")]
    [InlineData("room 1", "room 2")]
    [InlineData("résumé", "resume")]
    [InlineData("\U0001F44D\U0001F3FD", "\U0001F44D\U0001F3FF")]
    public void Key_DifferentNames_StayApart(string a, string b) => Assert.NotEqual(NameText.Key(a), NameText.Key(b));
}
