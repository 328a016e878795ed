using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using Parley.Tests.Unit.Media;

namespace Parley.Tests.Integration.Files;

/// <summary>The file endpoints as a client calls them, the files the tests send, and a look at the server's storage folder.</summary>
internal static class FileCalls
{
    public static Task<HttpResponseMessage> UploadAsync(this ApiClient user, long conversationId, byte[] content, string? name = "file.bin", string query = "")
    {
        var nameQuery = name is null ? "" : $"name={Uri.EscapeDataString(name)}";
        var separator = nameQuery.Length > 0 && query.Length > 0 ? "&" : "";
        var body = new ByteArrayContent(content);
        // What browsers send for a .jpg; the server must not care.
        body.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return user.Http.PostAsync($"/api/conversations/{conversationId}/files?{nameQuery}{separator}{query}", body);
    }

    public static Task<AttachmentDto> UploadOkAsync(this ApiClient user, long conversationId, byte[] content, string name = "file.bin", string query = "") =>
        ApiClient.ReadAsync<AttachmentDto>(user.UploadAsync(conversationId, content, name, query));

    public static Task<MessageDto> SendFilesAsync(this HubClient hub, long conversationId, string text, params string[] attachmentIds) =>
        hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = conversationId, text, attachmentIds });

    public static Task<FileUsage> UsageAsync(this ApiClient user) => ApiClient.ReadAsync<FileUsage>(user.GetAsync("/api/files/usage"));

    /// <summary>The stored files (not work in progress) under the server's files folder, by key.</summary>
    public static IReadOnlyList<string> StoredKeys(string dataDirectory)
    {
        var root = Path.Combine(dataDirectory, "files");
        return Directory.Exists(root)
            ? [.. Directory.EnumerateDirectories(root).Where(d => Path.GetFileName(d) != "tmp").SelectMany(Directory.EnumerateFiles).Select(Path.GetFileName).OfType<string>()]
            : [];
    }

    public static IReadOnlyList<string> WorkFiles(string dataDirectory)
    {
        var work = Path.Combine(dataDirectory, "files", "tmp");
        return Directory.Exists(work) ? [.. Directory.EnumerateFiles(work)] : [];
    }

    public static byte[] Text(string text = "Meeting notes\nbring snacks\n") => Encoding.UTF8.GetBytes(text);

    public static byte[] Pdf() => MediaSamples.Pdf();

    public static byte[] Png(int width = 64, int height = 48) => MediaSamples.Image(".png", width, height);

    public static byte[] Php() => Encoding.ASCII.GetBytes("<?php system($_GET['cmd']); ?>\n");

    public static byte[] Html() => Encoding.ASCII.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

    public static byte[] SvgWithScript() => Encoding.ASCII.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>");

    /// <summary>What the test writes into a JPEG's EXIF and looks for in what is served.</summary>
    public const string ExifMarker = "PARLEY-GPS-MARKER";

    /// <summary>
    /// A JPEG carrying an EXIF block with a description (<see cref="ExifMarker"/>) and a GPS position (52°N), as a phone
    /// camera writes one: a TIFF structure in an APP1 segment right after the JFIF header.
    /// </summary>
    public static byte[] JpegWithGps()
    {
        var tiff = new byte[92 + ExifMarker.Length + 1];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        // IFD0 at 8: ImageDescription, GPSInfo pointer.
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 2);
        Entry(tiff, 10, 0x010E, 2, (uint)(ExifMarker.Length + 1), 92);
        Entry(tiff, 22, 0x8825, 4, 1, 38);
        // GPS IFD at 38: latitude reference "N", latitude 52/1 0/1 0/1.
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(38), 2);
        Entry(tiff, 40, 0x0001, 2, 2, 'N');
        Entry(tiff, 52, 0x0002, 5, 3, 68);
        foreach (var (offset, value) in new[] { (68, 52u), (76, 0u), (84, 0u) })
        {
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(offset), value);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(offset + 4), 1);
        }

        Encoding.ASCII.GetBytes(ExifMarker).CopyTo(tiff, 92);
        byte[] app1 = [0xFF, 0xE1, .. BigEndian16(2 + 6 + tiff.Length), .. "Exif\0\0"u8, .. tiff];

        var jpeg = MediaSamples.Image(".jpg", 64, 48);
        // After SOI and, when there is one, the JFIF APP0 segment.
        var insertAt = jpeg[2] == 0xFF && jpeg[3] == 0xE0 ? 4 + ((jpeg[4] << 8) | jpeg[5]) : 2;
        return [.. jpeg[..insertAt], .. app1, .. jpeg[insertAt..]];

        static void Entry(byte[] tiff, int at, ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 4), count);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 8), value);
        }
    }

    /// <summary>
    /// A PNG of a few hundred bytes whose header claims <paramref name="width"/> × <paramref name="height"/> pixels:
    /// decoded, it would need gigabytes. A decompression bomb in the shape that matters (the header is all a decoder trusts).
    /// </summary>
    public static byte[] PngBomb(int width = 100_000, int height = 100_000)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[64 * 1024]);
        }

        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];

        static byte[] Chunk(string type, byte[] data)
        {
            byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
            return [.. BigEndian32(data.Length), .. typed, .. BigEndian32((int)PngImage.Crc32(typed))];
        }
    }

    /// <summary>An Ogg Opus recording <paramref name="seconds"/> long (its last granule position says so), as browsers record voice.</summary>
    public static byte[] OggVoice(double seconds)
    {
        const ushort preSkip = 312;
        return
        [
            .. MediaSamples.OggPage(MediaSamples.OpusHead(preSkip), 0, 7, 0, 2),
            .. MediaSamples.OggPage([.. "OpusTags"u8, 0, 0, 0, 0, 0, 0, 0, 0], 0, 7, 1, 0),
            .. MediaSamples.OggPage(new byte[100], preSkip + (long)(seconds * 48_000), 7, 2, 4),
        ];
    }

    private static byte[] BigEndian16(int value) => [(byte)(value >> 8), (byte)value];

    private static byte[] BigEndian32(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}

/// <summary>GET /api/files/usage.</summary>
internal sealed record FileUsage(long UsedBytes, long QuotaBytes, long MaxFileBytes, int MaxAttachmentsPerMessage, int MaxVoiceSeconds);
