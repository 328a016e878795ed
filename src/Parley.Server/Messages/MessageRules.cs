using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Messages;

public static class MessageRules
{
    public const int MaxTextLength = 4000;
    public const int MaxClientMessageIdLength = 64;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    /// <summary>
    /// Checks a message and returns the text to store: trimmed, otherwise exactly as typed. A message that carries
    /// files or a GIF (<paramref name="hasAttachments"/>) may have no text.
    /// </summary>
    public static ValidationErrors Check(string? text, string? clientMessageId, out string normalizedText, bool hasAttachments = false)
    {
        var errors = new ValidationErrors();
        normalizedText = text?.Trim() ?? "";
        var length = TextLength.Of(normalizedText);
        errors.AddIf(length == 0 && !hasAttachments, "text", "A message cannot be empty.");
        errors.AddIf(length > MaxTextLength, "text", $"A message is at most {MaxTextLength} characters (this one has {length}).");
        errors.AddIf(clientMessageId is { Length: 0 or > MaxClientMessageIdLength }, "clientMessageId",
            $"clientMessageId is 1 to {MaxClientMessageIdLength} characters when given.");
        return errors;
    }

    /// <summary>The shape of a send's attachments: ids of uploads (distinct, at most <paramref name="maxAttachments"/>) or a GIF, not both.</summary>
    public static ValidationErrors CheckAttachments(ValidationErrors errors, IReadOnlyList<string>? attachmentIds, string? gifId, int maxAttachments)
    {
        if (attachmentIds is { Count: > 0 } ids)
        {
            errors.AddIf(ids.Count > maxAttachments, "attachmentIds", $"A message carries at most {maxAttachments} files.");
            errors.AddIf(ids.Any(id => string.IsNullOrEmpty(id) || id.Length > StoredFile.PublicIdLength), "attachmentIds", "attachmentIds are the ids of uploaded files.");
            errors.AddIf(ids.Distinct(StringComparer.Ordinal).Count() != ids.Count, "attachmentIds", "Each file is attached once.");
            errors.AddIf(gifId is not null, "gifId", "A message carries files or a GIF, not both.");
        }

        errors.AddIf(gifId is { Length: 0 or > 200 }, "gifId", "gifId is the id of a GIF from the picker.");
        return errors;
    }
}
