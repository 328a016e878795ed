using System.Text;

namespace Parley.Media;

/// <summary>What the first bytes of a WebM, Ogg or MP4 container say about the streams inside.</summary>
internal static class MediaContainers
{
    /// <summary>WebM only (DocType "webm"); other Matroska files are not on the allow-list.</summary>
    public static DetectedType? WebMType(ReadOnlySpan<byte> header)
    {
        var docType = EbmlDocType(header);
        return docType == "webm" ? new("video/webm", FileKind.Video, "webm") : null;
    }

    /// <summary>Ogg is audio (Opus, Vorbis, FLAC, Speex) unless its first stream is Theora video.</summary>
    public static DetectedType OggType(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 27 && header.Length >= 27 + header[26])
        {
            var packet = header[(27 + header[26])..];
            if (packet.StartsWith("\x80theora"u8))
            {
                return new("video/ogg", FileKind.Video, "ogv");
            }
        }

        return new("audio/ogg", FileKind.Audio, "ogg");
    }

    /// <summary>Whether the movie in the header has a picture track; null when the header does not hold the movie box.</summary>
    public static bool? IsoHasVideo(ReadOnlySpan<byte> header) => null;

    /// <summary>The DocType in the EBML header every Matroska file starts with ("webm", "matroska").</summary>
    private static string? EbmlDocType(ReadOnlySpan<byte> header)
    {
        var at = 4;
        if (VarInt(header, ref at) is not { } size || size > (ulong)(header.Length - at))
        {
            return null;
        }

        var end = at + (int)size;
        while (at < end)
        {
            var idStart = at;
            if (VarInt(header, ref at) is null || VarInt(header, ref at) is not { } length || length > (ulong)(end - at))
            {
                return null;
            }

            if (header[idStart] == 0x42 && header[idStart + 1] == 0x82)
            {
                return Encoding.ASCII.GetString(header.Slice(at, (int)length)).TrimEnd('\0');
            }

            at += (int)length;
        }

        return null;
    }

    /// <summary>An EBML variable-length integer (its length is the count of leading zero bits + 1), marker bit removed.</summary>
    private static ulong? VarInt(ReadOnlySpan<byte> data, ref int at)
    {
        if (at >= data.Length || data[at] == 0)
        {
            return null;
        }

        var length = System.Numerics.BitOperations.LeadingZeroCount((uint)data[at]) - 23;
        if (at + length > data.Length)
        {
            return null;
        }

        var value = (ulong)(data[at] & (0xFF >> length));
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | data[at + i];
        }

        at += length;
        return value;
    }
}
