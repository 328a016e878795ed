using System.Buffers.Binary;
using System.Text;

namespace Parley.Media;

/// <summary>
/// Reads what Parley needs from an ISO base media file (MP4, M4A, MOV): whether it has a video track and how long it
/// plays. The movie box may come after the media data (it is found by skipping boxes, not by reading them). A plain
/// file's length is the sum of its tracks' sample durations (stts); a fragmented one (what browsers' MediaRecorder
/// writes: the movie box says 0) adds up its fragments (tfdt + trun). Boxes are skipped by seeking; work is bounded
/// by a box count and a nesting depth.
/// </summary>
internal sealed class IsoMedia
{
    private const int MaxBoxes = 1_000_000;
    private const int MaxDepth = 10;

    private static readonly HashSet<string> Containers = ["moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf"];

    private readonly Stream _stream;
    private readonly bool _toEnd;
    private int _boxes;
    private bool _gaveUp;
    private bool _movieRead;
    private bool _video;
    private bool _fragmented;
    private ulong _movieTimescale;
    private ulong _movieDuration;
    private ulong _fragmentDuration;
    private readonly Dictionary<uint, Track> _tracks = [];
    private Track? _track;
    private Fragment? _fragment;

    private sealed class Track
    {
        public ulong Timescale;
        public ulong SampleDurations;
        public ulong DefaultSampleDuration;
        public ulong FragmentsEnd;
    }

    private sealed class Fragment
    {
        public uint TrackId;
        public ulong? DefaultSampleDuration;
        public ulong? BaseTime;
        public ulong Durations;
    }

    private IsoMedia(Stream stream, bool toEnd)
    {
        _stream = stream;
        _toEnd = toEnd;
    }

    /// <summary>Reads the top-level boxes up to and including the movie box (<paramref name="toEnd"/> false) or all of them.</summary>
    public static IsoMedia Read(Stream stream, bool toEnd)
    {
        var file = new IsoMedia(stream, toEnd);
        stream.Position = 0;
        file.ReadBoxes(stream.Length, 0);
        return file;
    }

    /// <summary>Null when the movie box was not read whole (not within what was read).</summary>
    public bool? HasVideo => _movieRead ? _video : null;

    public TimeSpan? Duration
    {
        get
        {
            if (!_movieRead || _gaveUp)
            {
                return null;
            }

            double seconds = 0;
            foreach (var track in _tracks.Values.Where(t => t.Timescale > 0))
            {
                seconds = Math.Max(seconds, (double)Math.Max(track.SampleDurations, track.FragmentsEnd) / track.Timescale);
            }

            if (seconds == 0 && _movieTimescale > 0)
            {
                // No samples listed (or no track timescales): what the movie header says, for a fragmented file its extension header.
                var declared = _fragmented && _fragmentDuration > 0 ? _fragmentDuration : _movieDuration is 0xFFFFFFFF or ulong.MaxValue ? 0 : _movieDuration;
                seconds = (double)declared / _movieTimescale;
            }

            return seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : null;
        }
    }

    /// <summary>Reads the boxes between the current position and <paramref name="end"/>; false to stop reading altogether.</summary>
    private bool ReadBoxes(long end, int depth)
    {
        while (_stream.Position + 8 <= end)
        {
            if (++_boxes > MaxBoxes)
            {
                _gaveUp = true;
                return false;
            }

            var start = _stream.Position;
            var header = Read(8);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header, 4, 4);
            if (size == 1)
            {
                var large = BinaryPrimitives.ReadUInt64BigEndian(Read(8));
                size = large > long.MaxValue ? long.MaxValue : (long)large;
            }
            else if (size == 0)
            {
                size = end - start;   // the box runs to the end of its parent (or the file)
            }

            var payload = _stream.Position;
            if (size < payload - start || size > end - start)
            {
                return false;   // cut off, or claims more than its parent holds
            }

            var boxEnd = start + size;
            if (Containers.Contains(type) && depth < MaxDepth)
            {
                if (!EnterContainer(type, boxEnd, depth))
                {
                    return false;
                }
            }
            else
            {
                ReadLeaf(type, boxEnd);
            }

            _stream.Position = boxEnd;
            if (type == "moov" && depth == 0)
            {
                _movieRead = true;
                if (!_toEnd)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool EnterContainer(string type, long boxEnd, int depth)
    {
        switch (type)
        {
            case "trak":
                _track = null;
                break;
            case "mvex":
                _fragmented = true;
                break;
            case "traf":
                _fragment = new Fragment();
                break;
        }

        var goOn = ReadBoxes(boxEnd, depth + 1);
        if (type == "traf" && _fragment is { } fragment && _tracks.TryGetValue(fragment.TrackId, out var track))
        {
            var start = fragment.BaseTime ?? track.FragmentsEnd;
            track.FragmentsEnd = Math.Max(track.FragmentsEnd, Saturating(start, fragment.Durations));
            _fragment = null;
        }

        return goOn;
    }

    private void ReadLeaf(string type, long boxEnd)
    {
        var room = boxEnd - _stream.Position;
        switch (type)
        {
            case "mvhd" when room >= 32:
                {
                    var version = _stream.ReadByte();
                    Skip(3 + (version == 1 ? 16 : 8));
                    _movieTimescale = U32();
                    _movieDuration = version == 1 ? U64() : U32();
                    break;
                }

            case "tkhd" when room >= 24:
                {
                    var version = _stream.ReadByte();
                    Skip(3 + (version == 1 ? 16 : 8));
                    var id = (uint)U32();
                    if (!_tracks.TryGetValue(id, out _track) && _tracks.Count < 64)
                    {
                        _track = _tracks[id] = new Track();
                    }

                    break;
                }

            case "mdhd" when room >= 24 && _track is { } track:
                {
                    var version = _stream.ReadByte();
                    Skip(3 + (version == 1 ? 16 : 8));
                    track.Timescale = U32();
                    break;
                }

            case "hdlr" when room >= 12:
                Skip(8);
                _video |= Encoding.ASCII.GetString(Read(4)) == "vide";
                break;
            case "stts" when room >= 8 && _track is { } track:
                {
                    Skip(4);
                    var entries = Math.Min(U32(), (ulong)(room - 8) / 8);
                    for (ulong i = 0; i < entries; i++)
                    {
                        track.SampleDurations = Saturating(track.SampleDurations, U32() * U32());
                    }

                    break;
                }

            case "mehd" when room >= 8:
                {
                    var version = _stream.ReadByte();
                    Skip(3);
                    _fragmentDuration = version == 1 ? U64() : U32();
                    break;
                }

            case "trex" when room >= 16:
                {
                    Skip(4);
                    var id = (uint)U32();
                    Skip(4);
                    if (_tracks.TryGetValue(id, out var track))
                    {
                        track.DefaultSampleDuration = U32();
                    }

                    break;
                }

            case "tfhd" when room >= 8 && _fragment is { } fragment:
                {
                    var flags = (uint)U32() & 0xFFFFFF;
                    fragment.TrackId = (uint)U32();
                    Skip(((flags & 0x1) != 0 ? 8 : 0) + ((flags & 0x2) != 0 ? 4 : 0));
                    if ((flags & 0x8) != 0 && _stream.Position + 4 <= boxEnd)
                    {
                        fragment.DefaultSampleDuration = U32();
                    }

                    break;
                }

            case "tfdt" when room >= 8 && _fragment is { } fragment:
                {
                    var version = _stream.ReadByte();
                    Skip(3);
                    fragment.BaseTime = version == 1 ? U64() : U32();
                    break;
                }

            case "trun" when room >= 8 && _fragment is { } fragment:
                ReadTrackRun(fragment, boxEnd);
                break;
        }
    }

    /// <summary>A run of samples: each has its own duration when flag 0x100 is set, else the fragment's or the track's default.</summary>
    private void ReadTrackRun(Fragment fragment, long boxEnd)
    {
        var flags = (uint)U32() & 0xFFFFFF;
        var count = U32();
        Skip(((flags & 0x1) != 0 ? 4 : 0) + ((flags & 0x4) != 0 ? 4 : 0));
        if ((flags & 0x100) == 0)
        {
            var fallback = fragment.DefaultSampleDuration ?? (_tracks.TryGetValue(fragment.TrackId, out var track) ? track.DefaultSampleDuration : 0);
            fragment.Durations = Saturating(fragment.Durations, count * fallback);
            return;
        }

        var entrySize = 4 * System.Numerics.BitOperations.PopCount(flags & 0xF00);
        var samples = Math.Min(count, (ulong)Math.Max(0, boxEnd - _stream.Position) / (ulong)entrySize);
        for (ulong i = 0; i < samples; i++)
        {
            fragment.Durations = Saturating(fragment.Durations, U32());
            Skip(entrySize - 4);
        }
    }

    private static ulong Saturating(ulong a, ulong b) => ulong.MaxValue - a < b ? ulong.MaxValue : a + b;

    private void Skip(long bytes) => _stream.Position = Math.Min(_stream.Position + bytes, _stream.Length);

    private ulong U32() => BinaryPrimitives.ReadUInt32BigEndian(Read(4));

    private ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Read(8));

    private byte[] Read(int count)
    {
        var bytes = new byte[count];
        _stream.ReadExactly(bytes);
        return bytes;
    }
}
