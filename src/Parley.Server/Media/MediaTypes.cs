namespace Parley.Media;

/// <summary>What a file is to the people in the chat; decides how it is shown and whether it is served inline.</summary>
public enum FileKind
{
    Image = 1,
    Video = 2,
    Audio = 3,

    /// <summary>A recorded voice message: audio the uploader marked as voice and the server probed.</summary>
    Voice = 4,
    Document = 5,
    Archive = 6,
    Text = 7,

    /// <summary>Anything off the allow-list, accepted only when the server allows other files: a download.</summary>
    Other = 8,

    /// <summary>A GIF from the configured provider: a link, not a stored file.</summary>
    Gif = 9,
}

/// <summary>
/// What a file's content says it is: the MIME type to serve it as, its kind and the extension that goes with it
/// (without a dot), e.g. ("image/png", Image, "png").
/// </summary>
public sealed record DetectedType(string ContentType, FileKind Kind, string Extension);

/// <summary>A file Parley refuses to take, with the stable code the API answers with ("image_too_large", "image_unreadable").</summary>
public sealed class MediaException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
