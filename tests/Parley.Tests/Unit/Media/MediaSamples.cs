using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Parley.Tests.Unit.Media;

/// <summary>Small files of each kind, built byte by byte or by the libraries that write them, for the media tests.</summary>
internal static class MediaSamples
{
    public static byte[] Image(string suffix, int width = 64, int height = 48)
    {
        using var image = NetVips.Image.Black(width, height, bands: 3) + new double[] { 200, 100, 50 };
        return image.Cast(NetVips.Enums.BandFormat.Uchar).WriteToBuffer(suffix);
    }

    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Zip(params (string Name, string Content, bool Stored)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, stored) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, stored ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Docx() => Zip(
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>", false),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships/>", false),
        ("word/document.xml", "<?xml version=\"1.0\"?><w:document/>", false));

    public static byte[] Xlsx() => Zip(
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>", false),
        ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook/>", false));

    public static byte[] Odt() => Zip(
        ("mimetype", "application/vnd.oasis.opendocument.text", true),
        ("content.xml", "<?xml version=\"1.0\"?><office:document-content/>", false));

    /// <summary>An ISO base media file: an ftyp box with the given brands, then whatever boxes follow.</summary>
    public static byte[] Iso(string majorBrand, string[] compatibleBrands, params byte[][] boxes)
    {
        var ftyp = Box("ftyp", [.. Encoding.ASCII.GetBytes(majorBrand), 0, 0, 2, 0, .. compatibleBrands.SelectMany(Encoding.ASCII.GetBytes)]);
        return [.. ftyp, .. boxes.SelectMany(b => b)];
    }

    public static byte[] Box(string type, params byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        payload.CopyTo(box, 8);
        return box;
    }

    /// <summary>An EBML header with the given DocType, as every Matroska and WebM file starts.</summary>
    public static byte[] EbmlHeader(string docType) => Ebml(0x1A45DFA3,
        [.. Ebml(0x4286, [1]), .. Ebml(0x42F7, [1]), .. Ebml(0x42F2, [4]), .. Ebml(0x42F3, [8]), .. Ebml(0x4282, Encoding.ASCII.GetBytes(docType)), .. Ebml(0x4287, [4]), .. Ebml(0x4285, [2])]);

    /// <summary>One EBML element: its ID as written (marker bits included), an 8-byte size, the payload.</summary>
    public static byte[] Ebml(uint id, byte[] payload) => [.. EbmlId(id), 0x01, .. BigEndian((ulong)payload.Length, 7), .. payload];

    /// <summary>An element whose size is "unknown", as MediaRecorder writes Segment and Cluster: its end is where the next sibling starts.</summary>
    public static byte[] EbmlUnknownSize(uint id) => [.. EbmlId(id), 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    public static byte[] EbmlId(uint id) => id > 0xFFFFFF ? BigEndian(id, 4) : id > 0xFFFF ? BigEndian(id, 3) : id > 0xFF ? BigEndian(id, 2) : [(byte)id];

    public static byte[] BigEndian(ulong value, int bytes)
    {
        var result = new byte[bytes];
        for (var i = bytes - 1; i >= 0; i--, value >>= 8)
        {
            result[i] = (byte)value;
        }

        return result;
    }

    /// <summary>One Ogg page (CRC included) holding one packet shorter than 255 bytes.</summary>
    public static byte[] OggPage(byte[] packet, long granule, uint serial, uint sequence, byte headerType)
    {
        var page = new byte[27 + 1 + packet.Length];
        "OggS"u8.CopyTo(page);
        page[5] = headerType;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(14), serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence);
        page[26] = 1;
        page[27] = (byte)packet.Length;
        packet.CopyTo(page, 28);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), OggCrc(page));
        return page;
    }

    public static byte[] OpusHead(ushort preSkip) => [.. "OpusHead"u8, 1, 1, (byte)preSkip, (byte)(preSkip >> 8), 0x80, 0xBB, 0, 0, 0, 0, 0];

    private static uint OggCrc(byte[] data)
    {
        uint crc = 0;
        foreach (var b in data)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }

        return crc;
    }

    /// <summary>Two MPEG-1 layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each) of silence, with no ID3 tag.</summary>
    public static byte[] Mp3Frames()
    {
        var frame = new byte[417];
        frame[0] = 0xFF;
        frame[1] = 0xFB;
        frame[2] = 0x90;
        frame[3] = 0x64;
        return [.. frame, .. frame];
    }

    public static byte[] Wav(int sampleRate, int seconds)
    {
        var data = new byte[sampleRate * 2 * seconds];
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(36 + data.Length));
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), (uint)(sampleRate * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), 16);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), (uint)data.Length);
        return [.. header, .. data];
    }

    /// <summary>A FLAC stream header: STREAMINFO (last metadata block) for the given rate and sample count.</summary>
    public static byte[] Flac(int sampleRate, long totalSamples)
    {
        var info = new byte[34];
        BinaryPrimitives.WriteUInt16BigEndian(info, 4096);
        BinaryPrimitives.WriteUInt16BigEndian(info.AsSpan(2), 4096);
        // 20 bits rate, 3 bits channels-1, 5 bits bits-per-sample-1, 36 bits total samples.
        var packed = ((ulong)sampleRate << 44) | (1UL << 41) | (15UL << 36) | (ulong)totalSamples;
        BinaryPrimitives.WriteUInt64BigEndian(info.AsSpan(10), packed);
        return [.. "fLaC"u8, 0x80, 0, 0, 34, .. info];
    }

    /// <summary>
    /// A WebM file written the way Chrome's MediaRecorder writes one: unknown-size Segment and Clusters, no Duration,
    /// one Opus track; clusters of <paramref name="blocksPerCluster"/> SimpleBlocks <paramref name="frameMs"/> apart.
    /// </summary>
    public static byte[] RecorderWebM(int clusters, int blocksPerCluster, int frameMs, bool video = false, double? declaredDurationMs = null)
    {
        var info = new List<byte>(Ebml(0x2AD7B1, BigEndian(1_000_000, 3)));
        if (declaredDurationMs is { } declared)
        {
            var duration = new byte[8];
            BinaryPrimitives.WriteDoubleBigEndian(duration, declared);
            info.AddRange(Ebml(0x4489, duration));
        }

        var tracks = new List<byte>(Ebml(0xAE, [.. Ebml(0xD7, [1]), .. Ebml(0x83, [2]), .. Ebml(0x86, "A_OPUS"u8.ToArray())]));
        if (video)
        {
            tracks.AddRange(Ebml(0xAE, [.. Ebml(0xD7, [2]), .. Ebml(0x83, [1]), .. Ebml(0x86, "V_VP8"u8.ToArray())]));
        }

        var file = new List<byte>([.. EbmlHeader("webm"), .. EbmlUnknownSize(0x18538067), .. Ebml(0x1549A966, [.. info]), .. Ebml(0x1654AE6B, [.. tracks])]);
        for (var c = 0; c < clusters; c++)
        {
            var clusterTime = c * blocksPerCluster * frameMs;
            file.AddRange([.. EbmlUnknownSize(0x1F43B675), .. Ebml(0xE7, BigEndian((ulong)clusterTime, 4))]);
            for (var b = 0; b < blocksPerCluster; b++)
            {
                var relative = b * frameMs;
                file.AddRange(Ebml(0xA3, [0x81, (byte)(relative >> 8), (byte)relative, 0x80, 0xFC, 0xFF, 0xFE]));
            }
        }

        return [.. file];
    }

    /// <summary>An Ogg Opus stream: OpusHead, OpusTags, then audio pages ending at <paramref name="samples"/> + pre-skip.</summary>
    public static byte[] OggOpus(long samples, ushort preSkip, int audioPages = 3)
    {
        var file = new List<byte>();
        file.AddRange(OggPage(OpusHead(preSkip), 0, 7, 0, 2));
        file.AddRange(OggPage([.. "OpusTags"u8, 0, 0, 0, 0, 0, 0, 0, 0], 0, 7, 1, 0));
        for (var page = 1; page <= audioPages; page++)
        {
            file.AddRange(OggPage([0xFC, 0xFF, 0xFE], preSkip + samples * page / audioPages, 7, (uint)(page + 1), (byte)(page == audioPages ? 4 : 0)));
        }

        return [.. file];
    }

    public static byte[] OggVorbis(long samples, uint sampleRate)
    {
        byte[] identification = [1, .. "vorbis"u8, 0, 0, 0, 0, 2, (byte)sampleRate, (byte)(sampleRate >> 8), (byte)(sampleRate >> 16), (byte)(sampleRate >> 24), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xB8, 1];
        return [.. OggPage(identification, 0, 9, 0, 2), .. OggPage([0x3F, 0x11], samples, 9, 1, 4)];
    }

    /// <summary>
    /// A plain MP4 with its movie box at the end (after the media data, as cameras write it): one track of
    /// <paramref name="handler"/> ("soun" or "vide") whose sample table lists <paramref name="samples"/> samples of
    /// <paramref name="delta"/> units at <paramref name="timescale"/> units a second.
    /// </summary>
    public static byte[] Mp4MovieAtEnd(string handler, uint timescale, uint samples, uint delta)
    {
        var mdat = Box("mdat", new byte[5000]);
        byte[] mvhd = Box("mvhd", [0, 0, 0, 0, .. new byte[8], .. BigEndian(1000, 4), .. BigEndian(0, 4), .. new byte[80]]);
        byte[] tkhd = Box("tkhd", [0, 0, 0, 3, .. new byte[8], .. BigEndian(1, 4), .. new byte[68]]);
        byte[] mdhd = Box("mdhd", [0, 0, 0, 0, .. new byte[8], .. BigEndian(timescale, 4), .. BigEndian(0, 4), 0, 0, 0, 0]);
        byte[] hdlr = Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(handler), .. new byte[12], 0]);
        byte[] stts = Box("stts", [0, 0, 0, 0, .. BigEndian(1, 4), .. BigEndian(samples, 4), .. BigEndian(delta, 4)]);
        var trak = Box("trak", [.. tkhd, .. Box("mdia", [.. mdhd, .. hdlr, .. Box("minf", Box("stbl", stts))])]);
        return Iso("isom", ["isom", "mp41"], mdat, Box("moov", [.. mvhd, .. trak]));
    }
}
