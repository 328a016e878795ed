using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Tests.Integration;

/// <summary>
/// The key ring moved from the data folder (keys/) into the database. A server upgraded across that move must keep
/// its keys, or everyone is signed out and the stored mail password can no longer be read.
/// </summary>
public sealed class KeyRingUpgradeTests
{
    /// <summary>
    /// A server whose key ring is in the data folder, as releases before the move kept it (the same elements, one file
    /// each, named as ASP.NET Core names them, and none in the database), starts on the new release with its browser
    /// sessions and access tokens still valid, the keys copied into the database and no new key made.
    /// </summary>
    [Fact]
    public async Task Upgrade_FromAKeyRingInTheDataFolder_KeepsSessionsAndTokensValid()
    {
        await using var server = await ParleyServer.StartAsync();
        using var user = await ApiClient.RegisterAsync(server);
        using var browser = BrowserSession.Create(server);
        using var signIn = await browser.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookies = browser.Cookies.GetCookieHeader(server.BaseAddress);

        var folder = Directory.CreateDirectory(Path.Combine(server.DataDirectory, "keys"));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            foreach (var element in await db.KeyRing.ToListAsync())
            {
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, element.FriendlyName + ".xml"), element.Xml);
            }

            await db.KeyRing.ExecuteDeleteAsync();
        }

        await server.StopAsync();
        await server.StartAsync();

        using var withToken = ApiClient.Anonymous(server);
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var withCookie = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = server.BaseAddress };
        withCookie.DefaultRequestHeaders.Add("Cookie", cookies);
        using var meByToken = await withToken.GetAsync("/api/me");
        using var meByCookie = await withCookie.GetAsync("/api/me");
        await using var after = server.Services.CreateAsyncScope();
        var names = await after.ServiceProvider.GetRequiredService<ParleyDb>().KeyRing.Select(e => e.FriendlyName).ToListAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (meByToken.StatusCode, meByCookie.StatusCode));
        Assert.Equal(folder.EnumerateFiles("*.xml").Select(f => Path.GetFileNameWithoutExtension(f.Name)).Order(), names.Order());
    }
}
