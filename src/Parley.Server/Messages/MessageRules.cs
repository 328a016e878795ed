using Parley.Infrastructure;

namespace Parley.Messages;

public static class MessageRules
{
    public const int MaxTextLength = 4000;
    public const int MaxClientMessageIdLength = 64;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    /// <summary>Checks a message and returns the text to store: trimmed, otherwise exactly as typed.</summary>
    public static ValidationErrors Check(string? text, string? clientMessageId, out string normalizedText)
    {
        var errors = new ValidationErrors();
        normalizedText = text?.Trim() ?? "";
        var length = TextLength.Of(normalizedText);
        errors.AddIf(length == 0, "text", "A message cannot be empty.");
        errors.AddIf(length > MaxTextLength, "text", $"A message is at most {MaxTextLength} characters (this one has {length}).");
        errors.AddIf(clientMessageId is { Length: 0 or > MaxClientMessageIdLength }, "clientMessageId",
            $"clientMessageId is 1 to {MaxClientMessageIdLength} characters when given.");
        return errors;
    }
}
