using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Parley.Testing;

/// <summary>
/// PNG files made on the spot, so tests need no image files or imaging library: a real picture of any size, and a
/// decompression bomb (small on disk, huge once decoded).
/// </summary>
public static class PngImage
{
    /// <summary>An 8-bit RGB picture whose every pixel is <paramref name="pixel"/>(x, y).</summary>
    public static byte[] Create(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel) =>
        Encode(width, height, bitDepth: 8, colorType: 2, rowBytes: width * 3, (y, row) =>
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                row[x * 3] = r;
                row[(x * 3) + 1] = g;
                row[(x * 3) + 2] = b;
            }
        });

    /// <summary>A picture in one colour.</summary>
    public static byte[] Solid(int width, int height, byte r, byte g, byte b) => Create(width, height, (_, _) => (r, g, b));

    /// <summary>
    /// A black square of <paramref name="side"/>² one-bit pixels: a few kilobytes of file that a decoder would turn
    /// into gigabytes of memory.
    /// </summary>
    public static byte[] Bomb(int side) => Encode(side, side, bitDepth: 1, colorType: 0, rowBytes: (side + 7) / 8, (_, _) => { });

    private static byte[] Encode(int width, int height, byte bitDepth, byte colorType, int rowBytes, Action<int, byte[]> fillRow)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colorType;
        WriteChunk(png, "IHDR", header);

        using var pixels = new MemoryStream();
        using (var deflate = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[rowBytes + 1]; // filter type 0 (none) first, then the row's pixels
            var scanline = new byte[rowBytes];
            for (var y = 0; y < height; y++)
            {
                Array.Clear(scanline);
                fillRow(y, scanline);
                scanline.CopyTo(row, 1);
                deflate.Write(row);
            }
        }

        WriteChunk(png, "IDAT", pixels.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    /// <summary>The CRC-32 that PNG chunks (and Ogg pages' neighbours, zip…) carry: over a chunk's type and data.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
