using System.Buffers.Binary;
using System.Text;

namespace Parley.Media;

/// <summary>
/// Decides what a file is from its first bytes (magic numbers), never from its name or the type the browser claims,
/// and only for the types on Parley's allow-list. Markup and scripts (HTML, SVG, XML, PHP, shell) are never taken for
/// text or images: a browser could run them.
/// </summary>
public static class ContentSniffer
{
    /// <summary>How much of the start of a file <see cref="Detect"/> needs; it looks at no more than this.</summary>
    public const int HeaderBytes = 4096;

    /// <summary>The type of the file that starts with <paramref name="header"/>; null when it is not on the allow-list.</summary>
    public static DetectedType? Detect(ReadOnlySpan<byte> header)
    {
        if (header.Length > HeaderBytes)
        {
            header = header[..HeaderBytes];
        }

        if (header.IsEmpty)
        {
            return null;
        }

        return Image(header) ?? Container(header) ?? Audio(header) ?? Document(header) ?? Archive(header) ?? Text(header);
    }

    private static DetectedType? Image(ReadOnlySpan<byte> h)
    {
        if (h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return new("image/jpeg", FileKind.Image, "jpg");
        }

        if (h.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return new("image/png", FileKind.Image, "png");
        }

        if (h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8))
        {
            return new("image/gif", FileKind.Image, "gif");
        }

        if (h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8))
        {
            return new("image/webp", FileKind.Image, "webp");
        }

        return null;
    }

    /// <summary>ISO base media (MP4, MOV, M4A, AVIF, HEIC), Matroska/WebM and Ogg: containers whose brand or codec says what they hold.</summary>
    private static DetectedType? Container(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 12 && h[4..8].SequenceEqual("ftyp"u8))
        {
            return IsoBrands(h);
        }

        if (h.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return MediaContainers.WebMType(h);
        }

        if (h.StartsWith("OggS"u8))
        {
            return MediaContainers.OggType(h);
        }

        return null;
    }

    private static DetectedType? IsoBrands(ReadOnlySpan<byte> h)
    {
        var boxSize = BinaryPrimitives.ReadUInt32BigEndian(h);
        if (boxSize < 16 || boxSize > 4096)
        {
            return null;
        }

        // The major brand, then the compatible brands after the minor version; as far as the header holds them.
        var end = (int)Math.Min(boxSize, (uint)h.Length);
        var brands = new List<string> { Encoding.ASCII.GetString(h[8..12]) };
        for (var at = 16; at + 4 <= end; at += 4)
        {
            brands.Add(Encoding.ASCII.GetString(h[at..(at + 4)]));
        }

        var major = brands[0];
        if (brands.Contains("avif") || brands.Contains("avis"))
        {
            return new("image/avif", FileKind.Image, "avif");
        }

        if (major is "heic" or "heix" or "heim" or "heis" or "mif1" or "msf1" or "hevc" or "hevx")
        {
            return new("image/heic", FileKind.Image, "heic");
        }

        if (major is "M4A " or "M4B " or "M4P ")
        {
            return new("audio/mp4", FileKind.Audio, "m4a");
        }

        if (major == "qt  ")
        {
            return new("video/quicktime", FileKind.Video, "mov");
        }

        if (major is "isom" or "iso2" or "iso3" or "iso4" or "iso5" or "iso6" or "iso8" or "iso9" or "mp41" or "mp42" or "mp71" or "avc1" or "dash" or "M4V " or "M4VH" or "M4VP" or "MSNV" or "f4v " or "3gp4" or "3gp5" or "3gp6" or "3g2a" or "cmfc" or "cmfa" or "cmfv")
        {
            // Video unless the header already shows the movie has no picture track (a recording of sound only).
            return MediaContainers.IsoHasVideo(h) == false ? new("audio/mp4", FileKind.Audio, "m4a") : new("video/mp4", FileKind.Video, "mp4");
        }

        return null;
    }

    private static DetectedType? Audio(ReadOnlySpan<byte> h)
    {
        if (h.StartsWith("fLaC"u8))
        {
            return new("audio/flac", FileKind.Audio, "flac");
        }

        if (h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WAVE"u8))
        {
            return new("audio/wav", FileKind.Audio, "wav");
        }

        if (h.StartsWith("ID3"u8) && h.Length >= 10 && h[3] is >= 2 and <= 4)
        {
            return new("audio/mpeg", FileKind.Audio, "mp3");
        }

        if (Mp3FrameAt(h, 0) is { } frame && Mp3FrameAt(h, frame) is not null)
        {
            return new("audio/mpeg", FileKind.Audio, "mp3");
        }

        return null;
    }

    private static readonly int[] Mpeg1Layer3Kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] Mpeg2Layer3Kbps = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    private static readonly int[] Mpeg1Rates = [44100, 48000, 32000];

    /// <summary>
    /// The length of the MPEG layer III frame whose header is at <paramref name="at"/>, or null. A bare frame sync (11
    /// set bits) is common in random data, so a file without an ID3 tag counts as MP3 only when a second frame follows
    /// exactly where the first one ends.
    /// </summary>
    private static int? Mp3FrameAt(ReadOnlySpan<byte> h, int at)
    {
        if (at + 4 > h.Length || h[at] != 0xFF || (h[at + 1] & 0xE0) != 0xE0)
        {
            return null;
        }

        var version = (h[at + 1] >> 3) & 0x3;   // 3 = MPEG 1, 2 = MPEG 2, 0 = MPEG 2.5, 1 = reserved
        var layer = (h[at + 1] >> 1) & 0x3;     // 1 = layer III
        var bitrateIndex = h[at + 2] >> 4;
        var rateIndex = (h[at + 2] >> 2) & 0x3;
        var padding = (h[at + 2] >> 1) & 0x1;
        if (version == 1 || layer != 1 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return null;
        }

        var rate = Mpeg1Rates[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        var kbps = version == 3 ? Mpeg1Layer3Kbps[bitrateIndex] : Mpeg2Layer3Kbps[bitrateIndex];
        var length = (version == 3 ? 144 : 72) * kbps * 1000 / rate + padding;
        return at + length;
    }

    private static DetectedType? Document(ReadOnlySpan<byte> h)
    {
        if (h.StartsWith("%PDF-"u8))
        {
            return new("application/pdf", FileKind.Document, "pdf");
        }

        if (h.StartsWith(@"{\rtf"u8))
        {
            return new("application/rtf", FileKind.Document, "rtf");
        }

        if (h.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return OleDocument(h);
        }

        return null;
    }

    /// <summary>
    /// Word, Excel and PowerPoint 97–2003 files are OLE2 compound files; the name of a stream in the directory says
    /// which. The directory may lie beyond the header: then a generic OLE2 document.
    /// </summary>
    private static DetectedType OleDocument(ReadOnlySpan<byte> h)
    {
        var generic = new DetectedType("application/x-ole-storage", FileKind.Document, "ole");
        if (h.Length < 0x34)
        {
            return generic;
        }

        var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(h[0x1E..]);
        var firstDirectorySector = BinaryPrimitives.ReadUInt32LittleEndian(h[0x30..]);
        if (sectorShift is not (9 or 12) || firstDirectorySector > 16)
        {
            return generic;
        }

        var directory = (int)((firstDirectorySector + 1) << sectorShift);
        for (var entry = directory; entry + 128 <= h.Length && entry < directory + (1 << sectorShift); entry += 128)
        {
            var nameBytes = Math.Min((int)BinaryPrimitives.ReadUInt16LittleEndian(h[(entry + 64)..]), 64);
            var name = Encoding.Unicode.GetString(h.Slice(entry, nameBytes)).TrimEnd('\0');
            switch (name)
            {
                case "WordDocument":
                    return new("application/msword", FileKind.Document, "doc");
                case "Workbook" or "Book":
                    return new("application/vnd.ms-excel", FileKind.Document, "xls");
                case "PowerPoint Document":
                    return new("application/vnd.ms-powerpoint", FileKind.Document, "ppt");
            }
        }

        return generic;
    }

    private static DetectedType? Archive(ReadOnlySpan<byte> h)
    {
        if (h.StartsWith("PK\x03\x04"u8))
        {
            return ZipType(h);
        }

        if (h.StartsWith("PK\x05\x06"u8))
        {
            return new("application/zip", FileKind.Archive, "zip");   // an empty ZIP
        }

        if (h.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]))
        {
            return new("application/x-7z-compressed", FileKind.Archive, "7z");
        }

        if (h.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B, 0x08]))
        {
            return new("application/gzip", FileKind.Archive, "gz");
        }

        if (h.StartsWith("Rar!\x1A\x07\x00"u8) || h.StartsWith("Rar!\x1A\x07\x01\x00"u8))
        {
            return new("application/vnd.rar", FileKind.Archive, "rar");
        }

        if (h.Length >= 263 && h[257..262].SequenceEqual("ustar"u8))
        {
            return new("application/x-tar", FileKind.Archive, "tar");
        }

        return null;
    }

    private static readonly (string MimeType, DetectedType Type)[] OpenDocuments =
    [
        ("application/vnd.oasis.opendocument.text", new("application/vnd.oasis.opendocument.text", FileKind.Document, "odt")),
        ("application/vnd.oasis.opendocument.spreadsheet", new("application/vnd.oasis.opendocument.spreadsheet", FileKind.Document, "ods")),
        ("application/vnd.oasis.opendocument.presentation", new("application/vnd.oasis.opendocument.presentation", FileKind.Document, "odp")),
    ];

    /// <summary>
    /// Office files are ZIPs: ODF puts an uncompressed "mimetype" entry first; OOXML has [Content_Types].xml and a
    /// word/, xl/ or ppt/ folder. Entry names are read from the local file headers that lie within the header bytes,
    /// found by their signature (like Go's mimetype package), so entries whose sizes come after their data do not stop
    /// the walk. Anything else is a plain ZIP archive.
    /// </summary>
    private static DetectedType ZipType(ReadOnlySpan<byte> h)
    {
        var zip = new DetectedType("application/zip", FileKind.Archive, "zip");
        if (EntryName(h, 0) == "mimetype")
        {
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[26..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            var content = h[Math.Min(h.Length, 30 + nameLength + extraLength)..];
            foreach (var (mimeType, type) in OpenDocuments)
            {
                if (content.StartsWith(Encoding.ASCII.GetBytes(mimeType)) && (content.Length == mimeType.Length || content[mimeType.Length] == (byte)'P'))
                {
                    return type;
                }
            }

            return zip;
        }

        var contentTypes = false;
        string? folder = null;
        for (var at = 0; at >= 0 && at < h.Length; at = NextEntry(h, at + 4))
        {
            var name = EntryName(h, at);
            if (name is null)
            {
                continue;
            }

            contentTypes |= name == "[Content_Types].xml";
            folder ??= name.StartsWith("word/", StringComparison.Ordinal) ? "docx"
                : name.StartsWith("xl/", StringComparison.Ordinal) ? "xlsx"
                : name.StartsWith("ppt/", StringComparison.Ordinal) ? "pptx"
                : null;
        }

        return (contentTypes, folder) switch
        {
            (true, "docx") => new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileKind.Document, "docx"),
            (true, "xlsx") => new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileKind.Document, "xlsx"),
            (true, "pptx") => new("application/vnd.openxmlformats-officedocument.presentationml.presentation", FileKind.Document, "pptx"),
            _ => zip,
        };
    }

    private static int NextEntry(ReadOnlySpan<byte> h, int from)
    {
        if (from >= h.Length)
        {
            return -1;
        }

        var found = h[from..].IndexOf("PK\x03\x04"u8);
        return found < 0 ? -1 : from + found;
    }

    private static string? EntryName(ReadOnlySpan<byte> h, int at)
    {
        if (at + 30 > h.Length)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(h[(at + 26)..]);
        return at + 30 + length <= h.Length ? Encoding.UTF8.GetString(h.Slice(at + 30, length)) : null;
    }

    private static readonly string[] Markup = ["<?php", "<script", "<html", "<svg", "<!doctype", "<?xml", "<body", "<iframe"];

    /// <summary>
    /// Plain text: UTF-8 (a sequence cut off by the end of the header is fine), no NUL or other control characters
    /// besides tab, line feed, form feed, carriage return and escape. Markup and scripts are refused even though they
    /// are text: served as text/plain they are harmless, but they are the usual disguise of an attack and nobody
    /// needs to send them as a message attachment that previews inline.
    /// </summary>
    private static DetectedType? Text(ReadOnlySpan<byte> h)
    {
        var body = h.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? h[3..] : h;
        foreach (var b in body)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r' or 0x1B) || b == 0x7F)
            {
                return null;
            }
        }

        var status = System.Text.Unicode.Utf8.ToUtf16(body, new char[body.Length], out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
        if (status is not (System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.NeedMoreData))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body).TrimStart().ToLowerInvariant();
        if (text.StartsWith('<') || text.StartsWith("#!", StringComparison.Ordinal) || Markup.Any(tag => text.Contains(tag, StringComparison.Ordinal)))
        {
            return null;
        }

        return new("text/plain; charset=utf-8", FileKind.Text, "txt");
    }
}
