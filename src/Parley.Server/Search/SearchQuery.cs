using System.Globalization;
using System.Text.RegularExpressions;
using Parley.Infrastructure;

namespace Parley.Search;

/// <summary>
/// What someone typed into search, understood: words (whole words; word* also matches longer words starting with
/// it, as in Slack), "exact phrases", and filters — from:alice, in:general / in:#general / in:@bob, before:2026-11-01, after:2026-11-01
/// (dates in UTC; before is exclusive of that day, after starts the day after).
/// </summary>
public sealed partial record SearchQuery(
    IReadOnlyList<string> Words,
    IReadOnlyList<string> Phrases,
    string? From,
    string? In,
    DateTime? Before,
    DateTime? After)
{
    public bool HasText => Words.Count > 0 || Phrases.Count > 0;

    public bool IsEmpty => !HasText && From is null && In is null && Before is null && After is null;

    /// <summary>What to highlight in results: the words (without a trailing *) and phrases.</summary>
    public IReadOnlyList<string> Highlights => [.. Phrases, .. Words.Select(w => w.TrimEnd('*'))];

    /// <summary>Longer input is refused: nobody types more, and a bounded query keeps full-text search cheap.</summary>
    public const int MaxLength = 500;

    /// <summary>Words, phrases and filters together.</summary>
    public const int MaxTerms = 20;

    public static Result<SearchQuery> Parse(string? text)
    {
        text ??= "";
        if (TextLength.Of(text) > MaxLength)
        {
            return ApiError.Validation(new ValidationErrors().Add("q", $"Search for at most {MaxLength} characters."), $"Search for at most {MaxLength} characters.");
        }

        // Control characters (NUL among them) separate words: they are nothing anyone searches for, and FTS5 rejects them.
        text = string.Create(text.Length, text, (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });

        var words = new List<string>();
        var phrases = new List<string>();
        string? from = null, inConversation = null;
        DateTime? before = null, after = null;
        var errors = new ValidationErrors();

        var tokens = Token().Matches(text);
        if (tokens.Count > MaxTerms)
        {
            return ApiError.Validation(new ValidationErrors().Add("q", $"Search for at most {MaxTerms} words, phrases and filters."), $"Search for at most {MaxTerms} words, phrases and filters.");
        }

        foreach (Match token in tokens)
        {
            if (token.Groups["phrase"].Success)
            {
                if (HasSearchableText(token.Groups["phrase"].Value))
                {
                    phrases.Add(token.Groups["phrase"].Value.Trim());
                }

                continue;
            }

            var word = token.Value;
            var colon = word.IndexOf(':', StringComparison.Ordinal);
            var filter = colon > 0 ? word[..colon].ToLowerInvariant() : null;
            var value = colon > 0 ? word[(colon + 1)..] : "";
            switch (filter)
            {
                case "from" when value.Length > 0:
                    from = value.TrimStart('@');
                    break;
                case "in" when value.Length > 0:
                    inConversation = value;
                    break;
                case "before" or "after" when value.Length > 0:
                    if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    {
                        errors.Add("q", $"Write {filter}: dates as year-month-day, like {filter}:2026-11-01.");
                    }
                    else if (filter == "before")
                    {
                        before = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                    }
                    else
                    {
                        // After the last day there is: nothing can be newer.
                        after = day == DateOnly.MaxValue ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) : day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                    }

                    break;
                default:
                    if (HasSearchableText(word))
                    {
                        words.Add(word);
                    }

                    break;
            }
        }

        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        return new SearchQuery(words, phrases, from, inConversation, before, after);
    }

    /// <summary>
    /// The text part as terms that must all match, each a run of words in order: a phrase, or one typed word (which
    /// a full-text engine may still split, as "e-mail" into two); a word typed with a trailing * matches longer words
    /// too ("deploy*" finds "deployment"). Each provider turns them into its own query language.
    /// </summary>
    public IReadOnlyList<SearchTerm> Terms =>
    [
        .. Phrases.Select(phrase => new SearchTerm(phrase, Prefix: false)),
        .. Words.Select(word => word.Length > 1 && word.EndsWith('*') ? new SearchTerm(word.TrimEnd('*'), Prefix: true) : new SearchTerm(word, Prefix: false)),
    ];

    /// <summary>
    /// The text part as an FTS5 query: every word and phrase must match; "deploy*" also finds "deployment".
    /// Whole words by default because a prefix of a common word merges many terms' lists (tens of milliseconds on
    /// a large history). Everything is quoted, so no input is ever FTS5 syntax.
    /// </summary>
    public string? ToFullTextQuery() => HasText ? ToFullTextQuery(Terms) : null;

    public static string ToFullTextQuery(IReadOnlyList<SearchTerm> terms) =>
        string.Join(' ', terms.Select(term => Quote(term.Text) + (term.Prefix ? "*" : "")));

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static bool HasSearchableText(string text) => text.Any(char.IsLetterOrDigit);

    [GeneratedRegex("\"(?<phrase>[^\"]*)\"?|[^\\s\"]+")]
    private static partial Regex Token();
}

/// <summary>One term of a search: its text, matched as a run of words, the last one as a prefix when <paramref name="Prefix"/>.</summary>
public sealed record SearchTerm(string Text, bool Prefix);
