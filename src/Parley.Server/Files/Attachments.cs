using System.Globalization;
using Parley.Events;
using Parley.Infrastructure.Data;
using Parley.Media;

namespace Parley.Files;

/// <summary>What clients see of a stored file: the one mapping, used by queries (inside EF projections) and the message writer alike.</summary>
public static class Attachments
{
    public const int MaxWaveformValues = 100;

    /// <summary>128 random bits, base64url: <see cref="StoredFile.PublicIdLength"/> characters that cannot be guessed.</summary>
    public static string NewPublicId() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string UrlOf(string publicId) => $"/api/files/{publicId}";

    public static AttachmentDto Dto(
        string publicId, int kind, string name, string contentType, long size, bool hasThumbnail, int? width, int? height,
        int? durationMs, string? waveform, string? externalUrl, string? previewUrl, string? provider) =>
        new(publicId, (FileKind)kind, name, contentType, size,
            externalUrl ?? UrlOf(publicId),
            externalUrl is not null ? previewUrl : hasThumbnail ? UrlOf(publicId) + "/thumbnail" : null,
            width, height, durationMs, ParseWaveform(waveform), provider);

    public static AttachmentDto Dto(StoredFile f) =>
        Dto(f.PublicId, f.Kind, f.Name, f.ContentType, f.Size, f.ThumbnailKey != null, f.Width, f.Height, f.DurationMs, f.Waveform, f.ExternalUrl, f.PreviewUrl, f.Provider);

    public static IReadOnlyList<int>? ParseWaveform(string? stored) =>
        string.IsNullOrEmpty(stored) ? null : [.. stored.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];

    /// <summary>
    /// A waveform as the client sends it ("0,12,100,…"): at most <see cref="MaxWaveformValues"/> whole numbers 0–100.
    /// Null when it is not one; the stored form is the same text, normalised.
    /// </summary>
    public static string? CheckWaveform(string text)
    {
        var parts = text.Split(',');
        if (parts.Length is 0 or > MaxWaveformValues)
        {
            return null;
        }

        var values = new List<int>(parts.Length);
        foreach (var part in parts)
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 100)
            {
                return null;
            }

            values.Add(value);
        }

        return string.Join(',', values);
    }
}
