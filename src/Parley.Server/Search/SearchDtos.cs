using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Search;

public sealed record SearchConversationDto(long Id, ConversationKind Kind, string Name);

/// <summary>
/// One hit. <see cref="Snippet"/> is the part of the text around the match, with each matched stretch between
/// U+E000 and U+E001 (private-use characters), so clients highlight without ever parsing markup.
/// </summary>
public sealed record SearchResultDto(MessageDto Message, SearchConversationDto Conversation, string? Snippet);

/// <summary>Newest first; page on with before = the last result's message id while <see cref="HasMore"/>.</summary>
public sealed record SearchPage(IReadOnlyList<SearchResultDto> Results, bool HasMore, IReadOnlyList<string> Highlights);
