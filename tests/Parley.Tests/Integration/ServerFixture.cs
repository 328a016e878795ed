namespace Parley.Tests.Integration;

/// <summary>One real server shared by the integration tests; each test makes its own users and rooms, so they never collide.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ParleyServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ParleyServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public Task<ApiClient> UserAsync(string prefix = "user") => ApiClient.RegisterAsync(Server, ApiClient.UniqueName(prefix));
}

[CollectionDefinition(Name)]
public sealed class SharedServer : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
