using System.Globalization;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Messages;

/// <summary>
/// What counts as one emoji to react with: exactly one user-perceived character (an extended grapheme cluster) that
/// is an emoji: a pictograph, optionally with its presentation selector and a skin tone, joined to others by
/// zero-width joiners (👩‍👩‍👧, 🏳️‍🌈); a keycap (1️⃣, #️⃣); a flag (🇫🇷) or a subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿). Letters, digits,
/// punctuation and longer text are refused. Pure, so the rules are testable.
/// </summary>
public static class ReactionRules
{
    public const int MaxDistinctPerMessage = 20;

    private const int VariationSelector16 = 0xFE0F;
    private const int VariationSelector15 = 0xFE0E;
    private const int ZeroWidthJoiner = 0x200D;
    private const int CombiningKeycap = 0x20E3;
    private const int BlackFlag = 0x1F3F4;
    private const int CancelTag = 0xE007F;

    /// <summary>
    /// Unicode's Extended_Pictographic code points (emoji-data.txt, Unicode 15.1), as ranges: the characters that are
    /// emoji or are reserved for future ones, the only ones an emoji sequence starts with besides keycaps and flags.
    /// </summary>
    private static readonly (int First, int Last)[] Pictographic =
    [
        (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122), (0x2139, 0x2139),
        (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328), (0x2388, 0x2388), (0x23CF, 0x23CF),
        (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2), (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0),
        (0x25FB, 0x25FE), (0x2600, 0x2605), (0x2607, 0x2612), (0x2614, 0x2685), (0x2690, 0x2705), (0x2708, 0x2712),
        (0x2714, 0x2714), (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728), (0x2733, 0x2734),
        (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757),
        (0x2763, 0x2767), (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2934, 0x2935),
        (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D),
        (0x3297, 0x3297), (0x3299, 0x3299), (0x1F000, 0x1F0FF), (0x1F10D, 0x1F10F), (0x1F12F, 0x1F12F),
        (0x1F16C, 0x1F171), (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AD, 0x1F1E5),
        (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A), (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A), (0x1F23C, 0x1F23F),
        (0x1F249, 0x1F3FA), (0x1F400, 0x1F53D), (0x1F546, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F774, 0x1F77F),
        (0x1F7D5, 0x1F7FF), (0x1F80C, 0x1F80F), (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F),
        (0x1F8AE, 0x1F8FF), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1FAFF), (0x1FC00, 0x1FFFD),
    ];

    /// <summary>Checks a reaction's emoji (as the URL carried it, decoded).</summary>
    public static ValidationErrors Check(string? emoji)
    {
        var errors = new ValidationErrors();
        errors.AddIf(!IsEmoji(emoji), "emoji", "A reaction is exactly one emoji, like 👍 or 🇫🇷.");
        return errors;
    }

    public static bool IsEmoji(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MessageReaction.MaxEmojiLength || StringInfo.GetNextTextElementLength(text) != text.Length)
        {
            return false;
        }

        var runes = text.EnumerateRunes().Select(r => r.Value).ToArray();
        return IsKeycap(runes) || IsFlag(runes) || IsTagFlag(runes) || IsPictographicSequence(runes);
    }

    /// <summary>0–9, # or * with the keycap mark: 1️⃣ (the selector in between is optional in practice).</summary>
    private static bool IsKeycap(int[] runes) =>
        runes is [var key, .. var rest] && (key is '#' or '*' || key is >= '0' and <= '9')
        && rest is [CombiningKeycap] or [VariationSelector16, CombiningKeycap];

    /// <summary>Two regional indicator letters: a country's flag.</summary>
    private static bool IsFlag(int[] runes) => runes is [var first, var second] && IsRegionalIndicator(first) && IsRegionalIndicator(second);

    /// <summary>🏴 with tag letters and the cancel tag: England, Scotland, Wales.</summary>
    private static bool IsTagFlag(int[] runes) =>
        runes.Length >= 3 && runes[0] == BlackFlag && runes[^1] == CancelTag && runes[1..^1].All(r => r is >= 0xE0020 and <= 0xE007E);

    /// <summary>Pictographs, each with an optional presentation selector and skin tone, joined by zero-width joiners.</summary>
    private static bool IsPictographicSequence(int[] runes)
    {
        var i = 0;
        while (true)
        {
            if (i >= runes.Length || !IsPictographic(runes[i]))
            {
                return false;
            }

            i++;
            if (i < runes.Length && runes[i] is VariationSelector16 or VariationSelector15)
            {
                i++;
            }

            if (i < runes.Length && IsSkinTone(runes[i]))
            {
                i++;
            }

            if (i == runes.Length)
            {
                return true;
            }

            if (runes[i] != ZeroWidthJoiner)
            {
                return false;
            }

            i++;
        }
    }

    private static bool IsPictographic(int codePoint)
    {
        foreach (var (first, last) in Pictographic)
        {
            if (codePoint < first)
            {
                return false;
            }

            if (codePoint <= last)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRegionalIndicator(int codePoint) => codePoint is >= 0x1F1E6 and <= 0x1F1FF;

    private static bool IsSkinTone(int codePoint) => codePoint is >= 0x1F3FB and <= 0x1F3FF;
}
