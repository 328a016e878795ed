namespace Parley.Tests.Integration;

/// <summary>One real server shared by the integration tests; each test makes its own users and rooms, so they never collide.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ParleyServer Server { get; private set; } = null!;

    /// <summary>
    /// The server's first account, so its administrator: registered before any test runs, so that no test's user
    /// becomes administrator by chance of order.
    /// </summary>
    public ApiClient Administrator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ParleyServer.StartAsync();
        Administrator = await ApiClient.RegisterAsync(Server, ApiClient.UniqueName("siteadmin"));
    }

    public async Task DisposeAsync()
    {
        Administrator.Dispose();
        await Server.DisposeAsync();
    }

    public Task<ApiClient> UserAsync(string prefix = "user") => ApiClient.RegisterAsync(Server, ApiClient.UniqueName(prefix));
}

[CollectionDefinition(Name)]
public sealed class SharedServer : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
