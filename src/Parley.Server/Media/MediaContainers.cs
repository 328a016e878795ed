namespace Parley.Media;

/// <summary>What the first bytes of a WebM, Ogg or MP4 container say about the streams inside.</summary>
internal static class MediaContainers
{
    /// <summary>
    /// WebM only (DocType "webm"; other Matroska files are not on the allow-list). Audio when the header's Tracks
    /// hold no video track (MediaRecorder writes them before the first Cluster); video otherwise, including when the
    /// header does not reach the end of the Tracks.
    /// </summary>
    public static DetectedType? WebMType(ReadOnlySpan<byte> header)
    {
        Matroska? file;
        try
        {
            file = Matroska.Read(new MemoryStream(header.ToArray(), writable: false), toEnd: false);
        }
        catch (EndOfStreamException)
        {
            return null;
        }

        if (file?.DocType != "webm")
        {
            return null;
        }

        return file.HasVideo == false ? new("audio/webm", FileKind.Audio, "webm") : new("video/webm", FileKind.Video, "webm");
    }

    /// <summary>Ogg is audio (Opus, Vorbis, FLAC, Speex) unless its first stream is Theora video.</summary>
    public static DetectedType OggType(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 27 && header.Length >= 27 + header[26])
        {
            var packet = header[(27 + header[26])..];
            if (packet.Length >= 7 && packet[0] == 0x80 && packet[1..7].SequenceEqual("theora"u8))
            {
                return new("video/ogg", FileKind.Video, "ogv");
            }
        }

        return new("audio/ogg", FileKind.Audio, "ogg");
    }

    /// <summary>Whether the movie in the header has a video track; null when the header does not hold the whole movie box.</summary>
    public static bool? IsoHasVideo(ReadOnlySpan<byte> header)
    {
        try
        {
            return IsoMedia.Read(new MemoryStream(header.ToArray(), writable: false), toEnd: false).HasVideo;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }
}
