using System.Buffers.Binary;
using NetVips;

namespace Parley.Tests.Unit.Media;

/// <summary>Images for the image tests, made with libvips or patched byte by byte.</summary>
internal static class ImageSamples
{
    public static readonly double[] Red = [255, 0, 0];

    /// <summary>A grey image with a red square in its top-left corner, so a test can see which way it was turned.</summary>
    public static Image Marked(int width, int height)
    {
        using var grey = Image.Black(width, height, bands: 3) + new double[] { 128, 128, 128 };
        using var grey8 = grey.Cast(Enums.BandFormat.Uchar);
        return grey8.Mutate(m => m.DrawRect(Red, 0, 0, width / 4, height / 4, fill: true));
    }

    /// <summary>
    /// A minimal EXIF block (big-endian TIFF): IFD0 with an orientation and a pointer to a GPS IFD that holds a
    /// latitude of 48°51'30" N — what a phone writes into every photo.
    /// </summary>
    public static byte[] ExifWithGps(ushort orientation)
    {
        var exif = new byte[6 + 8 + 2 + 2 * 12 + 4 + 2 + 2 * 12 + 4 + 24];
        "Exif\0\0"u8.CopyTo(exif);
        var tiff = exif.AsSpan(6);
        "MM"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff[2..], 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff[4..], 8);
        var gpsIfd = 8 + 2 + 2 * 12 + 4;
        var latitude = gpsIfd + 2 + 2 * 12 + 4;
        var at = 8;
        BinaryPrimitives.WriteUInt16BigEndian(tiff[at..], 2);
        Entry(tiff[(at + 2)..], 0x0112, 3, 1, (uint)orientation << 16);   // Orientation, SHORT, left-justified
        Entry(tiff[(at + 14)..], 0x8825, 4, 1, (uint)gpsIfd);            // GPS IFD pointer
        at = gpsIfd;
        BinaryPrimitives.WriteUInt16BigEndian(tiff[at..], 2);
        Entry(tiff[(at + 2)..], 0x0001, 2, 2, 0x4E000000);                // GPSLatitudeRef "N"
        Entry(tiff[(at + 14)..], 0x0002, 5, 3, (uint)latitude);          // GPSLatitude, 3 RATIONALs
        uint[] degreesMinutesSeconds = [48, 1, 51, 1, 30, 1];
        for (var i = 0; i < degreesMinutesSeconds.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(tiff[(latitude + 4 * i)..], degreesMinutesSeconds[i]);
        }

        return exif;
    }

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, tag);
        BinaryPrimitives.WriteUInt16BigEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32BigEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32BigEndian(at[8..], value);
    }

    /// <summary>A photo as a phone saves it: EXIF with GPS and an orientation tag that says "turn me".</summary>
    public static string WritePhoto(string pathWithoutExtension, int width, int height, ushort orientation, string format = ".jpg")
    {
        using var marked = Marked(width, height);
        using var photo = marked.Mutate(m =>
        {
            m.Set(GValue.BlobType, "exif-data", ExifWithGps(orientation));
            m.Set(GValue.GIntType, "orientation", (int)orientation);
        });
        photo.WriteToFile(pathWithoutExtension + format);
        return pathWithoutExtension + format;
    }

    /// <summary>An animated image: <paramref name="frames"/> frames of different greys, 100 ms each, looping.</summary>
    public static Image Animation(int width, int height, int frames)
    {
        var pages = Enumerable.Range(0, frames).Select(i => (Image.Black(width, height, bands: 3) + new double[] { 40 * i, 80, 200 - 40 * i }).Cast(Enums.BandFormat.Uchar)).ToArray();
        using var strip = Image.Arrayjoin(pages, across: 1);
        foreach (var page in pages)
        {
            page.Dispose();
        }

        return strip.Mutate(m =>
        {
            m.Set(GValue.GIntType, "page-height", height);
            m.Set(GValue.ArrayIntType, "delay", Enumerable.Repeat(100, frames).ToArray());
            m.Set(GValue.GIntType, "loop", 0);
        });
    }

    /// <summary>A real small JPEG whose frame header (SOF0) is patched to declare the given size: a decompression bomb.</summary>
    public static byte[] JpegDeclaring(int width, int height)
    {
        using var image = Marked(16, 16);
        var jpeg = image.JpegsaveBuffer(q: 80);
        var sof = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);
        return jpeg;
    }

    /// <summary>A real small PNG whose IHDR (CRC fixed) declares the given size.</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        using var image = Marked(16, 16);
        var png = image.PngsaveBuffer();
        // Signature (8), then the IHDR chunk: length (4), "IHDR" (4), width, height, …, CRC over type and data.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), PngImage.Crc32(png.AsSpan(12, 17)));
        return png;
    }
}
