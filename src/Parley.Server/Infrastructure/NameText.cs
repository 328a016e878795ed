using System.Globalization;
using System.Text;

namespace Parley.Infrastructure;

/// <summary>
/// Text that names something other people must recognise — display names, room names, topics. Stored in NFC, so that
/// one name has one form, and without the characters that make a name look like something it is not: control
/// characters, bidirectional overrides and isolates ("‮exe.png" shows as "gnp.exe"), and invisible characters
/// (zero-width spaces and joiners, fillers, stray selectors) that make "admin" and "ad​min" two names that look the
/// same. What writing needs stays: joiners inside emoji sequences (👩‍💻) and between letters of scripts that use them
/// (Persian, Indic); variation selectors after emoji, keycaps and ideographs; tag characters inside flag sequences (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
/// </summary>
public static class NameText
{
    private const int ZeroWidthNonJoiner = 0x200C;
    private const int ZeroWidthJoiner = 0x200D;
    private const int CombiningEnclosingKeycap = 0x20E3;
    private const int BlackFlag = 0x1F3F4;

    /// <summary>
    /// Null when <paramref name="text"/> is acceptable; otherwise a sentence about <paramref name="what"/> ("A room
    /// name"). <paramref name="normalized"/> is the trimmed NFC form to store.
    /// </summary>
    public static string? Check(string text, string what, out string normalized)
    {
        normalized = text.Trim();
        if (!IsWellFormed(normalized))
        {
            return $"{what} contains text that is not valid Unicode.";
        }

        normalized = normalized.Normalize(NormalizationForm.FormC);
        var runes = Runes(normalized);
        for (var i = 0; i < runes.Count; i++)
        {
            if (Refused(runes, i) is { } why)
            {
                return $"{what} cannot contain {why} ({Describe(runes[i])}).";
            }
        }

        return null;
    }

    /// <summary>
    /// The form two names are compared in, to keep them apart: names that differ only in case, composition, joiners
    /// and variation selectors, or in the kind and number of spaces look alike, so they get one key. Case goes
    /// through lower and back to upper, so that letters with several cases agree (ß and ẞ, σ and ς). Unicode's full
    /// case folding (ß = SS) is not available in .NET, so those two stay apart.
    /// </summary>
    public static string Key(string name)
    {
        var key = new StringBuilder(name.Length);
        var pendingSpace = false;
        foreach (var rune in name.Trim().Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = true;
            }
            else if (rune.Value is not (ZeroWidthJoiner or ZeroWidthNonJoiner) && !IsVariationSelector(rune.Value))
            {
                key.Append(pendingSpace ? " " : "");
                pendingSpace = false;
                key.Append(Rune.ToUpperInvariant(Rune.ToLowerInvariant(rune)).ToString());
            }
        }

        return key.ToString();
    }

    private static string? Refused(List<Rune> runes, int i)
    {
        var value = runes[i].Value;
        var category = Rune.GetUnicodeCategory(runes[i]);
        if (category == UnicodeCategory.Control)
        {
            return "control characters or line breaks";
        }

        if (category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
        {
            return "line breaks";
        }

        if (value is 0x061C or 0x200E or 0x200F or >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069)
        {
            return "characters that change the direction of text";
        }

        if (value is ZeroWidthJoiner or ZeroWidthNonJoiner)
        {
            return JoinsWhatWritingJoins(runes, i) ? null : "invisible characters";
        }

        if (IsVariationSelector(value))
        {
            return SelectsAVariant(runes, i) ? null : "invisible characters";
        }

        if (value is >= 0xE0020 and <= 0xE007F)
        {
            return InFlagSequence(runes, i) ? null : "invisible characters";
        }

        // Invisible letters, marks and spaces that render as nothing: Hangul fillers, Khmer inherent vowels, the
        // combining grapheme joiner, the Braille blank, and the unassigned code points Unicode reserves as ignorable.
        if (value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x034F or 0x17B4 or 0x17B5
            or >= 0xFFF0 and <= 0xFFF8 or >= 0xE0000 and <= 0xE0FFF)
        {
            return "invisible characters";
        }

        if (category is UnicodeCategory.Format or UnicodeCategory.Surrogate || (value & 0xFFFE) == 0xFFFE)
        {
            return "invisible characters";
        }

        return null;
    }

    /// <summary>
    /// ZWJ between two emoji (👩‍💻), or either joiner between two letters of a script that uses them (Arabic, Persian,
    /// Indic scripts). A ZWNJ between emoji changes nothing one can see.
    /// </summary>
    private static bool JoinsWhatWritingJoins(List<Rune> runes, int i)
    {
        if (i == 0 || i == runes.Count - 1)
        {
            return false;
        }

        var (before, after) = (runes[i - 1], runes[i + 1]);
        return (runes[i].Value == ZeroWidthJoiner && IsEmojiPart(before) && IsEmojiPart(after))
            || (IsJoiningScript(before) && IsJoiningScript(after));
    }

    /// <summary>
    /// A variation selector picks a form of the character before it: emoji or text presentation of a symbol (☺️), a
    /// keycap (1️⃣), a variant of an ideograph or of a Mongolian letter. After anything else (a Latin letter, a space,
    /// another selector) it shows nothing and only makes a different name that looks the same.
    /// </summary>
    private static bool SelectsAVariant(List<Rune> runes, int i)
    {
        if (i == 0 || IsVariationSelector(runes[i - 1].Value))
        {
            return false;
        }

        var before = runes[i - 1];
        var isKeycap = before.Value is '#' or '*' or >= '0' and <= '9' && i + 1 < runes.Count && runes[i + 1].Value == CombiningEnclosingKeycap;
        return isKeycap || IsEmojiPart(before) || Rune.GetUnicodeCategory(before) == UnicodeCategory.OtherLetter;
    }

    private static bool IsVariationSelector(int value) =>
        value is >= 0xFE00 and <= 0xFE0F or >= 0x180B and <= 0x180D or 0x180F or >= 0xE0100 and <= 0xE01EF;

    private static bool IsEmojiPart(Rune rune) =>
        rune.Value is 0xFE0F or CombiningEnclosingKeycap || Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol;

    private static bool IsJoiningScript(Rune rune) =>
        rune.Value >= 0x0590 && Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>Tag characters spell a subdivision flag after a black flag (🏴 + tags + cancel tag).</summary>
    private static bool InFlagSequence(List<Rune> runes, int i)
    {
        var start = i;
        while (start > 0 && runes[start - 1].Value is >= 0xE0020 and <= 0xE007F)
        {
            start--;
        }

        return start > 0 && runes[start - 1].Value == BlackFlag;
    }

    private static List<Rune> Runes(string text)
    {
        var runes = new List<Rune>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            runes.Add(rune);
        }

        return runes;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(Rune rune) => $"U+{rune.Value:X4}";
}
