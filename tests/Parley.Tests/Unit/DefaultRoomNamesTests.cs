using Parley.Rooms;

namespace Parley.Tests.Unit;

public sealed class DefaultRoomNamesTests
{
    /// <summary>A server nobody configured has #general, as the issue asks of a first start.</summary>
    [Fact]
    public void NamesFrom_NotConfigured_IsGeneral() =>
        Assert.Equal(["general"], DefaultRooms.NamesFrom(null));

    /// <summary>An empty entry is how a setting says "no default rooms" (configuration cannot bind an empty list).</summary>
    [Fact]
    public void NamesFrom_OnlyABlankEntry_IsNone() =>
        Assert.Empty(DefaultRooms.NamesFrom(["", "  "]));

    /// <summary>Names are stored as room names are (trimmed), names that compare alike are one room, and invalid names are left out.</summary>
    [Fact]
    public void NamesFrom_TrimsMergesLookAlikesAndDropsInvalidNames() =>
        Assert.Equal(["general", "Random"], DefaultRooms.NamesFrom([" general ", "GENERAL", "Random", "bad\u202Ename", new string('n', 81)]));
}
