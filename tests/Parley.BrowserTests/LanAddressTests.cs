namespace Parley.BrowserTests;

[Collection(SharedBrowser.Name)]
public sealed class LanAddressTests(BrowserFixture fixture)
{
    /// <summary>
    /// Parley is often served over plain HTTP on a LAN address, where the page is not a secure context and browsers
    /// leave out crypto.randomUUID: signing up and sending must work there as on localhost, the message delivered.
    /// </summary>
    [Fact]
    public async Task PageOnPlainHttpLanName_SendMessage_IsDeliveredNotStuck()
    {
        // Arrange
        await using var alice = await fixture.RegisterAsync("Alice", host: BrowserFixture.LanHost);
        await using var bob = await fixture.RegisterAsync("Bob");
        Assert.StartsWith($"http://{BrowserFixture.LanHost}:", alice.Page.Url, StringComparison.Ordinal);
        Assert.False(await alice.Page.EvaluateAsync<bool>("() => window.isSecureContext"));
        var room = $"Office {Guid.NewGuid():N}"[..15];
        await alice.CreateRoomAsync(room);
        await bob.JoinPublicRoomAsync(room);

        // Act
        await alice.SendAsync("Sent from the office network");

        // Assert
        await Expect(alice.Message("Sent from the office network")).ToHaveAttributeAsync("data-status", "sent");
        await Expect(bob.Message("Sent from the office network")).ToContainTextAsync(alice.DisplayName);
    }
}
