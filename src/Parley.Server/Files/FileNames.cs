using System.Globalization;
using System.Text;
using Parley.Infrastructure.Data;

namespace Parley.Files;

/// <summary>
/// A file name as a client sent it, made fit for display. It is only ever shown and offered as a download name:
/// storage keys are random, so nothing here can reach a path. Folders are dropped ("../../etc/passwd" is "passwd"),
/// and so is every control or formatting character (NUL, line breaks, the right-to-left override that makes
/// "evil‮gpj.exe" read as "evil.exe.jpg"); what is left is cut to <see cref="StoredFile.MaxNameLength"/> characters,
/// the extension kept.
/// </summary>
public static class FileNames
{
    public const string Fallback = "file";

    public static string Clean(string raw)
    {
        var lastSeparator = raw.LastIndexOfAny(['/', '\\']);
        var text = new StringBuilder(Math.Min(raw.Length, 1024));
        foreach (var rune in raw[(lastSeparator + 1)..].EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            text.Append(Rune.IsWhiteSpace(rune) ? " " : rune.ToString());
        }

        // Leading dots would make a hidden file, or the names "." and "..", of a download.
        var name = text.ToString().Normalize(NormalizationForm.FormC).Trim().TrimStart('.').Trim();
        return name.Length == 0 ? Fallback : Shorten(name);
    }

    /// <summary>Cut between characters as people count them, never inside one, keeping a short extension.</summary>
    private static string Shorten(string name)
    {
        if (name.Length <= StoredFile.MaxNameLength)
        {
            return name;
        }

        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= 16 ? name[dot..] : "";
        var room = StoredFile.MaxNameLength - extension.Length;
        var stem = name[..^extension.Length];
        var end = 0;
        var elements = StringInfo.GetTextElementEnumerator(stem);
        while (elements.MoveNext())
        {
            var next = elements.ElementIndex + ((string)elements.Current).Length;
            if (next > room)
            {
                break;
            }

            end = next;
        }

        return stem[..end].TrimEnd() + extension;
    }
}
