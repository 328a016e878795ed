using System.Globalization;
using System.Text;

namespace Parley.Infrastructure;

/// <summary>
/// Text that names something other people must recognise — display names, room names, topics. Stored in NFC, so that
/// one name has one form, and without the characters that make a name look like something it is not: control
/// characters, bidirectional overrides and isolates ("‮exe.png" shows as "gnp.exe"), and invisible characters
/// (zero-width spaces and joiners, fillers) that make "admin" and "ad​min" two names that look the same. Joiners stay
/// where writing needs them: inside emoji sequences (👩‍💻) and between letters of scripts that use them (Persian,
/// Indic); tag characters stay inside flag sequences (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
/// </summary>
public static class NameText
{
    private const int ZeroWidthNonJoiner = 0x200C;
    private const int ZeroWidthJoiner = 0x200D;
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
        var runes = new List<Rune>();
        foreach (var rune in normalized.EnumerateRunes())
        {
            runes.Add(rune);
        }

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
    /// The form two names are compared in, to keep them apart: NFC and upper case (full Unicode case mapping), so
    /// "Général" and "GÉNÉRAL" are one name.
    /// </summary>
    public static string Key(string name) => name.Trim().Normalize(NormalizationForm.FormC).ToUpperInvariant();

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

        if (value is >= 0xE0020 and <= 0xE007F)
        {
            return InFlagSequence(runes, i) ? null : "invisible characters";
        }

        // Invisible letters and spaces that render as nothing: Hangul fillers, the Braille blank.
        if (value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x034F)
        {
            return "invisible characters";
        }

        if (category is UnicodeCategory.Format or UnicodeCategory.Surrogate || (value & 0xFFFE) == 0xFFFE)
        {
            return "invisible characters";
        }

        return null;
    }

    /// <summary>Between two emoji (👩‍💻), or between two letters of a script that uses joiners (Arabic, Persian, Indic scripts).</summary>
    private static bool JoinsWhatWritingJoins(List<Rune> runes, int i) =>
        i > 0 && i < runes.Count - 1 && ((IsEmojiPart(runes[i - 1]) && IsEmojiPart(runes[i + 1])) || (IsJoiningScript(runes[i - 1]) && IsJoiningScript(runes[i + 1])));

    private static bool IsEmojiPart(Rune rune) =>
        rune.Value is 0xFE0F or 0x20E3 || Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol;

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
