namespace Parley.Media;

/// <summary>
/// Reads what Parley needs from a Matroska/WebM file: its DocType, whether it has a video track and how long it
/// plays. Browsers' MediaRecorder writes no Duration and leaves the Segment's and Clusters' sizes "unknown" (it
/// streams), so the length is the end of the last block: Cluster Timecode + the block's relative timecode, in
/// TimecodeScale units. Elements are read one by one (IDs are unique across levels, so the children of Clusters,
/// BlockGroups and Tracks can be walked as if they were flat), skipping payloads by seeking: work is bounded by the
/// element count, and nothing is allocated for a payload but a few bytes.
/// </summary>
internal sealed class Matroska
{
    private const uint EbmlHeaderId = 0x1A45DFA3;
    private const uint DocTypeId = 0x4282;
    private const uint SegmentId = 0x18538067;
    private const uint InfoId = 0x1549A966;
    private const uint TimecodeScaleId = 0x2AD7B1;
    private const uint DurationId = 0x4489;
    private const uint TracksId = 0x1654AE6B;
    private const uint TrackEntryId = 0xAE;
    private const uint TrackTypeId = 0x83;
    private const uint ClusterId = 0x1F43B675;
    private const uint ClusterTimecodeId = 0xE7;
    private const uint SimpleBlockId = 0xA3;
    private const uint BlockGroupId = 0xA0;
    private const uint BlockId = 0xA1;
    private const uint BlockDurationId = 0x9B;

    /// <summary>A 25 MB file of the smallest possible elements has millions; real recordings have thousands.</summary>
    private const int MaxElements = 4_000_000;

    /// <summary>Master elements whose children are walked; every other element's payload is skipped.</summary>
    private static readonly HashSet<uint> Entered = [SegmentId, InfoId, TracksId, TrackEntryId, ClusterId, BlockGroupId];

    private readonly Stream _stream;
    private readonly long _length;

    private Matroska(Stream stream)
    {
        _stream = stream;
        _length = stream.Length;
    }

    public string? DocType { get; private set; }

    /// <summary>True or false once the Tracks element was read; null before.</summary>
    public bool? HasVideo { get; private set; }

    private bool _gaveUp;
    private bool _tracksSeen;
    private long _tracksEnd;
    private bool _clusterReached;
    private bool _videoTrack;
    private ulong _timecodeScale = 1_000_000;
    private double? _declaredDuration;
    private ulong _clusterTimecode;
    private long? _lastBlock;
    private long _end = -1;
    private readonly Dictionary<ulong, (long Last, long Step)> _tracks = [];

    /// <summary>
    /// Reads the EBML header and the Segment's elements up to the first Cluster (<paramref name="toEnd"/> false) or to
    /// the end. Null when the file does not start with an EBML header.
    /// </summary>
    public static Matroska? Read(Stream stream, bool toEnd)
    {
        var file = new Matroska(stream);
        return file.ReadHeader() ? file.ReadSegment(toEnd) : null;
    }

    /// <summary>How long the file plays: the end of its last block, else the Duration its Info declares.</summary>
    public TimeSpan? Duration
    {
        get
        {
            double? units = _gaveUp ? null : _end >= 0 ? _end : _declaredDuration;
            if (units is not { } value || value < 0 || double.IsNaN(value))
            {
                return null;
            }

            var seconds = value * _timecodeScale / 1e9;
            return seconds < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : null;
        }
    }

    private bool ReadHeader()
    {
        if (!TryReadElement(out var id, out var size) || id != EbmlHeaderId || size is < 0 or > 4096)
        {
            return false;
        }

        var end = _stream.Position + size;
        while (_stream.Position < end)
        {
            if (!TryReadElement(out var child, out var childSize) || childSize < 0 || _stream.Position + childSize > end)
            {
                return false;
            }

            if (child == DocTypeId && childSize <= 64)
            {
                DocType = System.Text.Encoding.ASCII.GetString(ReadBytes((int)childSize)).TrimEnd('\0');
            }
            else
            {
                _stream.Position += childSize;
            }
        }

        return true;
    }

    private Matroska ReadSegment(bool toEnd)
    {
        if (!TryReadElement(out var id, out _) || id != SegmentId)
        {
            return this;
        }

        for (var count = 0; ; count++)
        {
            if (count == MaxElements)
            {
                // Not a recording: one could hide its real length behind millions of filler elements.
                _gaveUp = true;
                break;
            }

            if (!TryReadElement(out id, out var size))
            {
                break;
            }

            if (id == ClusterId)
            {
                _clusterReached = true;
                if (!toEnd)
                {
                    break;
                }
            }

            var payload = _stream.Position;
            if (Entered.Contains(id))
            {
                Enter(id, size < 0 ? long.MaxValue : payload + size);
                continue;
            }

            // Everything else has a size: unknown-size leaves would mean a broken file; stop with what was read.
            if (size < 0 || _stream.Position + size > _length && id != SimpleBlockId && id != BlockId)
            {
                break;
            }

            switch (id)
            {
                case TimecodeScaleId when size is > 0 and <= 8:
                    _timecodeScale = Math.Max(1, ReadUnsigned((int)size));
                    break;
                case DurationId when size is 4 or 8:
                    _declaredDuration = ReadFloat((int)size);
                    break;
                case TrackTypeId when size is > 0 and <= 8:
                    _videoTrack |= ReadUnsigned((int)size) == 1;
                    break;
                case ClusterTimecodeId when size is > 0 and <= 8:
                    _clusterTimecode = ReadUnsigned((int)size);
                    break;
                case SimpleBlockId or BlockId:
                    ReadBlock(size);
                    break;
                case BlockDurationId when size is > 0 and <= 8 && _lastBlock is { } block:
                    _end = Math.Max(_end, block + (long)Math.Min(ReadUnsigned((int)size), int.MaxValue));
                    break;
            }

            if (payload + size > _length)
            {
                break;   // a block cut off by the end of the file: what came before still counts
            }

            _stream.Position = payload + size;
        }

        // Tracks cut off by the end of what was read (a header) may have a video track further on: cannot tell.
        HasVideo = _tracksSeen && (_clusterReached || _tracksEnd <= _length) ? _videoTrack : null;
        foreach (var (last, step) in _tracks.Values)
        {
            // The last block plays for about as long as the one before it did (Opus: 20 ms; video: a frame).
            _end = Math.Max(_end, last + step);
        }

        return this;
    }

    private void Enter(uint id, long end)
    {
        if (id == TracksId)
        {
            _tracksSeen = true;
            _tracksEnd = end;
        }
        else if (id == ClusterId)
        {
            _clusterTimecode = 0;
        }
    }

    /// <summary>A (Simple)Block starts with its track number (a variable-length integer) and a signed 16-bit timecode relative to its Cluster.</summary>
    private void ReadBlock(long size)
    {
        var start = _stream.Position;
        if (size < 4 || ReadVarInt(out _) is not { } track || _stream.Position - start + 2 > size)
        {
            return;
        }

        var high = _stream.ReadByte();
        var low = _stream.ReadByte();
        if (low < 0)
        {
            return;
        }

        var timecode = (long)Math.Min(_clusterTimecode, long.MaxValue / 2) + (short)((high << 8) | low);
        _lastBlock = timecode;
        _end = Math.Max(_end, timecode);
        if (_tracks.TryGetValue(track, out var known))
        {
            var step = timecode - known.Last;
            _tracks[track] = (timecode, step > 0 && step * (double)_timecodeScale <= 1e9 ? step : known.Step);
        }
        else if (_tracks.Count < 64)
        {
            _tracks[track] = (timecode, 0);
        }
    }

    private bool TryReadElement(out uint id, out long size)
    {
        size = -1;
        id = 0;
        if (ReadVarInt(out var idLength, keepMarker: true) is not { } rawId || idLength > 4)
        {
            return false;
        }

        id = (uint)rawId;
        if (ReadVarInt(out var sizeLength) is not { } rawSize)
        {
            return false;
        }

        // All value bits set: size unknown (the element runs until something that cannot be its child).
        size = rawSize == (1UL << (7 * sizeLength)) - 1 ? -1 : rawSize > long.MaxValue / 2 ? long.MaxValue / 2 : (long)rawSize;
        return true;
    }

    /// <summary>An EBML variable-length integer: its length is the count of leading zero bits of the first byte plus one.</summary>
    private ulong? ReadVarInt(out int length, bool keepMarker = false)
    {
        length = 0;
        var first = _stream.ReadByte();
        if (first <= 0)
        {
            return null;
        }

        length = System.Numerics.BitOperations.LeadingZeroCount((uint)first) - 23;
        var value = keepMarker ? (ulong)first : (ulong)(first & (0xFF >> length));
        for (var i = 1; i < length; i++)
        {
            var next = _stream.ReadByte();
            if (next < 0)
            {
                return null;
            }

            value = (value << 8) | (uint)next;
        }

        return value;
    }

    private ulong ReadUnsigned(int size)
    {
        ulong value = 0;
        foreach (var b in ReadBytes(size))
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private double ReadFloat(int size)
    {
        var bytes = ReadBytes(size);
        return size == 4 ? System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(bytes) : System.Buffers.Binary.BinaryPrimitives.ReadDoubleBigEndian(bytes);
    }

    private byte[] ReadBytes(int size)
    {
        var bytes = new byte[size];
        var read = _stream.ReadAtLeast(bytes, size, throwOnEndOfStream: false);
        return read == size ? bytes : new byte[size];
    }
}
