using System.Text;
using Parley.Media;

namespace Parley.Tests.Unit.Media;

/// <summary>
/// The server decides a file's type from its content alone, and only for the allow-list: what a browser could run
/// (HTML, SVG, scripts) never passes as text or an image, whatever its name says.
/// </summary>
public sealed class ContentSnifferTests
{
    public static TheoryData<string, string, FileKind, string> AllowedFiles() => new()
    {
        { "png", "image/png", FileKind.Image, "png" },
        { "jpeg", "image/jpeg", FileKind.Image, "jpg" },
        { "gif", "image/gif", FileKind.Image, "gif" },
        { "webp", "image/webp", FileKind.Image, "webp" },
        { "avif", "image/avif", FileKind.Image, "avif" },
        { "heic", "image/heic", FileKind.Image, "heic" },
        { "pdf", "application/pdf", FileKind.Document, "pdf" },
        { "zip", "application/zip", FileKind.Archive, "zip" },
        { "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileKind.Document, "docx" },
        { "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileKind.Document, "xlsx" },
        { "odt", "application/vnd.oasis.opendocument.text", FileKind.Document, "odt" },
        { "rtf", "application/rtf", FileKind.Document, "rtf" },
        { "gzip", "application/gzip", FileKind.Archive, "gz" },
        { "7z", "application/x-7z-compressed", FileKind.Archive, "7z" },
        { "tar", "application/x-tar", FileKind.Archive, "tar" },
        { "mp4", "video/mp4", FileKind.Video, "mp4" },
        { "mov", "video/quicktime", FileKind.Video, "mov" },
        { "m4a", "audio/mp4", FileKind.Audio, "m4a" },
        { "webm", "video/webm", FileKind.Video, "webm" },
        { "ogg-opus", "audio/ogg", FileKind.Audio, "ogg" },
        { "mp3-id3", "audio/mpeg", FileKind.Audio, "mp3" },
        { "mp3-frames", "audio/mpeg", FileKind.Audio, "mp3" },
        { "wav", "audio/wav", FileKind.Audio, "wav" },
        { "flac", "audio/flac", FileKind.Audio, "flac" },
        { "text", "text/plain; charset=utf-8", FileKind.Text, "txt" },
        { "text-bom", "text/plain; charset=utf-8", FileKind.Text, "txt" },
    };

    /// <summary>Each type on the allow-list is recognised by its content, with the type it is served as and its extension.</summary>
    [Theory]
    [MemberData(nameof(AllowedFiles))]
    public void Detect_AllowedFile_IsRecognisedByItsContent(string sample, string contentType, FileKind kind, string extension)
    {
        Assert.Equal(new DetectedType(contentType, kind, extension), ContentSniffer.Detect(Sample(sample)));
    }

    /// <summary>Only the header is looked at: a file cut to HeaderBytes is recognised as the whole one.</summary>
    [Fact]
    public void Detect_FirstHeaderBytesOfALargeFile_AreEnough()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Zoë writes a long letter. ", 2000)));

        Assert.Equal(FileKind.Text, ContentSniffer.Detect(text.AsSpan(0, ContentSniffer.HeaderBytes))?.Kind);
        Assert.Equal(FileKind.Text, ContentSniffer.Detect(text)?.Kind);
    }

    /// <summary>A UTF-8 character cut in half by the end of the header does not make the text binary.</summary>
    [Fact]
    public void Detect_TextCutInsideACharacter_IsStillText()
    {
        var text = Encoding.UTF8.GetBytes(new string('a', ContentSniffer.HeaderBytes - 1) + "€");

        Assert.Equal(FileKind.Text, ContentSniffer.Detect(text.AsSpan(0, ContentSniffer.HeaderBytes))?.Kind);
    }

    public static TheoryData<string, string> RefusedFiles() => new()
    {
        { "html", "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>" },
        { "html without doctype, leading space", "  \n<html><script>alert(1)</script></html>" },
        { "svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>" },
        { "xml", "<?xml version=\"1.0\"?><note/>" },
        { "php", "<?php system($_GET['c']); ?>" },
        { "php after text", "GIF-like text\n<?php system($_GET['c']); ?>" },
        { "script in text", "hello\n<script>alert(1)</script>" },
        { "shell script", "#!/bin/sh\nrm -rf /\n" },
        { "text with NUL", "hello\0world" },
        { "latin-1, not UTF-8", "caf\u00E9 cr\u00E8me" },
    };

    /// <summary>Markup, scripts and non-UTF-8 bytes are not on the allow-list, whatever the file is called.</summary>
    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public void Detect_MarkupScriptsAndBinaryText_AreNotAllowed(string what, string content)
    {
        var bytes = what.StartsWith("latin-1", StringComparison.Ordinal) ? Encoding.Latin1.GetBytes(content) : Encoding.UTF8.GetBytes(content);

        Assert.Null(ContentSniffer.Detect(bytes));
    }

    /// <summary>An SVG is never an image here, even with an XML declaration and a BOM in front.</summary>
    [Fact]
    public void Detect_SvgWithBom_IsNotAllowed()
    {
        byte[] svg = [0xEF, 0xBB, 0xBF, .. "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8];

        Assert.Null(ContentSniffer.Detect(svg));
    }

    /// <summary>An empty file, random bytes and an unlisted container (Matroska that is not WebM) are not on the allow-list.</summary>
    [Fact]
    public void Detect_EmptyRandomAndUnlisted_AreNotAllowed()
    {
        var random = new byte[ContentSniffer.HeaderBytes];
        new Random(12).NextBytes(random);

        Assert.Null(ContentSniffer.Detect([]));
        Assert.Null(ContentSniffer.Detect(random));
        Assert.Null(ContentSniffer.Detect(MediaSamples.EbmlHeader("matroska")));
        Assert.Null(ContentSniffer.Detect([0xFF, 0xFB, 0x90, 0x64, 1, 2, 3, 4, 5, 6, 7, 8]));
    }

    /// <summary>A PNG's bytes behind an HTML page stay HTML: only the start of the file counts.</summary>
    [Fact]
    public void Detect_HtmlWithAnImageInside_IsNotAnImage()
    {
        byte[] html = [.. "<html><body>"u8, .. MediaSamples.Image(".png")];

        Assert.Null(ContentSniffer.Detect(html));
    }

    internal static byte[] Sample(string name) => name switch
    {
        "png" => MediaSamples.Image(".png"),
        "jpeg" => MediaSamples.Image(".jpg"),
        "gif" => MediaSamples.Image(".gif"),
        "webp" => MediaSamples.Image(".webp"),
        "avif" => MediaSamples.Iso("avif", ["mif1", "avif", "miaf"]),
        "heic" => MediaSamples.Iso("heic", ["mif1", "heic"]),
        "pdf" => MediaSamples.Pdf(),
        "zip" => MediaSamples.Zip(("notes.txt", "hello", false), ("photo.jpg", "not really", false)),
        "docx" => MediaSamples.Docx(),
        "xlsx" => MediaSamples.Xlsx(),
        "odt" => MediaSamples.Odt(),
        "rtf" => Encoding.ASCII.GetBytes(@"{\rtf1\ansi Hello}"),
        "gzip" => [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3],
        "7z" => [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4],
        "tar" => Tar(),
        "mp4" => MediaSamples.Iso("isom", ["isom", "iso2", "avc1", "mp41"]),
        "mov" => MediaSamples.Iso("qt  ", ["qt  "]),
        "m4a" => MediaSamples.Iso("M4A ", ["M4A ", "mp42", "isom"]),
        "webm" => MediaSamples.EbmlHeader("webm"),
        "ogg-opus" => MediaSamples.OggPage(MediaSamples.OpusHead(312), 0, 1, 0, 2),
        "mp3-id3" => [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0],
        "mp3-frames" => MediaSamples.Mp3Frames(),
        "wav" => MediaSamples.Wav(8000, 1),
        "flac" => MediaSamples.Flac(44100, 44100),
        "text" => Encoding.UTF8.GetBytes("Shopping list:\n\t- bread\r\n\t- Käse, 2 €\n"),
        "text-bom" => [0xEF, 0xBB, 0xBF, .. "Hello"u8],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Tar()
    {
        var block = new byte[512];
        "notes.txt"u8.CopyTo(block);
        "ustar\u000000"u8.CopyTo(block.AsSpan(257));
        return block;
    }
}
