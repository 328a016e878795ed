using System.Buffers.Binary;

namespace Parley.Media;

/// <summary>
/// How long a recording plays, read from its container — the server's own answer, not the client's claim — and
/// whether a WebM or MP4 file holds a picture at all. For WebM/Matroska (Clusters: MediaRecorder writes no
/// Duration), Ogg (the last page's granule position), MP4/M4A/MOV (sample tables or fragments), WAV and FLAC. Reads
/// only the container's structure, with bounded work and memory whatever the file holds; a file it cannot make sense
/// of gives null, never an exception.
/// </summary>
public static class AudioProbe
{
    /// <summary>How long the file plays; null when it is not a supported container or could not be read.</summary>
    public static TimeSpan? Duration(Stream seekableFile)
    {
        ArgumentNullException.ThrowIfNull(seekableFile);
        return Probe(seekableFile, file => Start(file) switch
        {
            Format.Matroska => Matroska.Read(file, toEnd: true)?.Duration,
            Format.IsoMedia => IsoMedia.Read(file, toEnd: true).Duration,
            Format.Ogg => OggDuration(file),
            Format.Wav => WavDuration(file),
            Format.Flac => FlacDuration(file),
            _ => null,
        });
    }

    /// <summary>Whether a WebM/Matroska or MP4/MOV file has a video track; null when not one of those, or it cannot tell.</summary>
    public static bool? HasVideo(Stream seekableFile)
    {
        ArgumentNullException.ThrowIfNull(seekableFile);
        return Probe(seekableFile, file => Start(file) switch
        {
            Format.Matroska => Matroska.Read(file, toEnd: false)?.HasVideo,
            Format.IsoMedia => IsoMedia.Read(file, toEnd: false).HasVideo,
            _ => null,
        });
    }

    /// <summary>
    /// <paramref name="detected"/>, corrected by the whole file: a WebM or MP4 that <see cref="ContentSniffer"/> had
    /// to call video (its header did not show its tracks) but that has no video track is audio (audio/webm,
    /// audio/mp4 "m4a"). Any other type is returned as it is.
    /// </summary>
    public static DetectedType Refine(DetectedType detected, Stream seekableFile)
    {
        ArgumentNullException.ThrowIfNull(detected);
        return detected.ContentType switch
        {
            "video/webm" when HasVideo(seekableFile) == false => new("audio/webm", FileKind.Audio, "webm"),
            "video/mp4" when HasVideo(seekableFile) == false => new("audio/mp4", FileKind.Audio, "m4a"),
            _ => detected,
        };
    }

    private enum Format
    {
        Unknown,
        Matroska,
        IsoMedia,
        Ogg,
        Wav,
        Flac,
    }

    private static Format Start(Stream file)
    {
        var header = new byte[12];
        file.Position = 0;
        var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        file.Position = 0;
        var start = header.AsSpan(0, read);
        return start switch
        {
            [0x1A, 0x45, 0xDF, 0xA3, ..] => Format.Matroska,
            [_, _, _, _, (byte)'f', (byte)'t', (byte)'y', (byte)'p', ..] => Format.IsoMedia,
            [(byte)'O', (byte)'g', (byte)'g', (byte)'S', ..] => Format.Ogg,
            [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'A', (byte)'V', (byte)'E'] => Format.Wav,
            [(byte)'f', (byte)'L', (byte)'a', (byte)'C', ..] => Format.Flac,
            _ => Format.Unknown,
        };
    }

    /// <summary>Runs a reader; a file that ends where its structure says more follows is one it cannot tell about.</summary>
    private static T? Probe<T>(Stream file, Func<Stream, T?> read) where T : struct
    {
        if (!file.CanSeek || !file.CanRead)
        {
            throw new ArgumentException("The probe needs a readable, seekable stream.", nameof(file));
        }

        var position = file.Position;
        try
        {
            return read(file);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        finally
        {
            file.Position = position;
        }
    }

    /// <summary>The most an Ogg page can take: header, 255 lacing values, 255 × 255 bytes of data.</summary>
    private const int MaxOggPage = 27 + 255 + 255 * 255;

    /// <summary>
    /// Ogg: the granule position of the first stream's last page, in samples: Opus counts at 48 kHz and starts
    /// "pre-skip" samples early (OpusHead); Vorbis counts at its sample rate (its identification header). The last
    /// page is found in the file's tail and checked by its CRC, so stray "OggS" bytes in audio data do not count.
    /// </summary>
    private static TimeSpan? OggDuration(Stream file)
    {
        var first = new byte[Math.Min(file.Length, MaxOggPage)];
        file.ReadExactly(first);
        if (OggPageAt(first, 0) is not { } page)
        {
            return null;
        }

        var serial = BinaryPrimitives.ReadUInt32LittleEndian(first.AsSpan(14));
        var packet = first.AsSpan(page.DataStart);
        double rate;
        long preSkip = 0;
        if (packet.StartsWith("OpusHead"u8) && packet.Length >= 12)
        {
            rate = 48000;
            preSkip = BinaryPrimitives.ReadUInt16LittleEndian(packet[10..]);
        }
        else if (packet.StartsWith("\x01vorbis"u8) && packet.Length >= 16)
        {
            rate = BinaryPrimitives.ReadUInt32LittleEndian(packet[12..]);
        }
        else
        {
            return null;
        }

        var tailLength = (int)Math.Min(file.Length, 2L * MaxOggPage);
        var tail = new byte[tailLength];
        file.Position = file.Length - tailLength;
        file.ReadExactly(tail);
        for (var at = tail.AsSpan().LastIndexOf("OggS"u8); at >= 0; at = at == 0 ? -1 : tail.AsSpan(0, at).LastIndexOf("OggS"u8))
        {
            if (OggPageAt(tail, at) is not { } last || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at + 14)) != serial)
            {
                continue;
            }

            var granule = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(at + 6));
            if (granule < 0)
            {
                continue;   // -1: no packet ends on this page
            }

            var samples = Math.Max(0, granule - preSkip);
            return rate > 0 ? TimeSpan.FromSeconds(samples / rate) : null;
        }

        return null;
    }

    private readonly record struct OggPage(int DataStart);

    /// <summary>A whole, valid Ogg page (version 0, CRC right) starting at <paramref name="at"/>, or null.</summary>
    private static OggPage? OggPageAt(byte[] data, int at)
    {
        if (at + 27 > data.Length || !data.AsSpan(at).StartsWith("OggS"u8) || data[at + 4] != 0)
        {
            return null;
        }

        var segments = data[at + 26];
        if (at + 27 + segments > data.Length)
        {
            return null;
        }

        var bodyLength = 0;
        for (var i = 0; i < segments; i++)
        {
            bodyLength += data[at + 27 + i];
        }

        var length = 27 + segments + bodyLength;
        if (at + length > data.Length)
        {
            return null;
        }

        var expected = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + 22));
        return OggCrc(data.AsSpan(at, length)) == expected ? new OggPage(at + 27 + segments) : null;
    }

    private static readonly uint[] OggCrcTable = Enumerable.Range(0, 256).Select(i =>
    {
        var crc = (uint)i << 24;
        for (var bit = 0; bit < 8; bit++)
        {
            crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
        }

        return crc;
    }).ToArray();

    /// <summary>Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected), computed with the CRC field itself taken as zero.</summary>
    private static uint OggCrc(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        for (var i = 0; i < page.Length; i++)
        {
            var b = i is >= 22 and < 26 ? (byte)0 : page[i];
            crc = (crc << 8) ^ OggCrcTable[(crc >> 24) ^ b];
        }

        return crc;
    }

    /// <summary>WAV: the data chunk's size over the format chunk's bytes per second.</summary>
    private static TimeSpan? WavDuration(Stream file)
    {
        file.Position = 12;
        long byteRate = 0;
        var chunk = new byte[8];
        for (var count = 0; count < 1000 && file.Position + 8 <= file.Length; count++)
        {
            file.ReadExactly(chunk);
            var size = (long)BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(4));
            var body = file.Position;
            if (chunk.AsSpan(0, 4).SequenceEqual("fmt "u8) && size >= 16)
            {
                var format = new byte[16];
                file.ReadExactly(format);
                byteRate = BinaryPrimitives.ReadUInt32LittleEndian(format.AsSpan(8));
            }
            else if (chunk.AsSpan(0, 4).SequenceEqual("data"u8))
            {
                // Recorders that stream write a placeholder size; what is in the file is what plays.
                var data = Math.Min(size, file.Length - body);
                return byteRate > 0 ? TimeSpan.FromSeconds((double)data / byteRate) : null;
            }

            file.Position = Math.Min(body + size + (size & 1), file.Length);
        }

        return null;
    }

    /// <summary>FLAC: total samples over sample rate, from STREAMINFO (always the first metadata block).</summary>
    private static TimeSpan? FlacDuration(Stream file)
    {
        var header = new byte[4 + 4 + 18];
        file.ReadExactly(header);
        if ((header[4] & 0x7F) != 0)
        {
            return null;
        }

        var packed = BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8 + 10));
        var rate = packed >> 44;
        var samples = packed & 0xF_FFFF_FFFF;
        return rate > 0 && samples > 0 ? TimeSpan.FromSeconds((double)samples / rate) : null;
    }
}
