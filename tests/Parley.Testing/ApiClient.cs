using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Accounts;
using Parley.Conversations;
using Parley.Events;
using Parley.Messages;
using Parley.Rooms;

namespace Parley.Testing;

/// <summary>
/// One person using Parley over HTTP, the way a script does: registered, then holding a bearer token.
/// <see cref="Http"/> carries the token on every request; <see cref="Anonymous"/> makes a client with none.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private static int _counter;

    private ApiClient(IParleyAddress server, HttpClient http, MeDto me, string password, string accessToken)
    {
        Server = server;
        Http = http;
        Me = me;
        Password = password;
        AccessToken = accessToken;
    }

    public IParleyAddress Server { get; }

    public HttpClient Http { get; }

    public MeDto Me { get; }

    public long Id => Me.Id;

    public string Username => Me.Username;

    public string Password { get; }

    public string AccessToken { get; }

    /// <summary>A fresh name no other test uses: a prefix (readable in failures), a counter and a random tail.</summary>
    public static string UniqueName(string prefix = "user")
    {
        var tail = Guid.NewGuid().ToString("N")[..6];
        return $"{prefix}{Interlocked.Increment(ref _counter)}_{tail}";
    }

    /// <summary>Registers a new user (through the browser's antiforgery flow) and signs in for a token.</summary>
    public static async Task<ApiClient> RegisterAsync(IParleyAddress server, string? username = null, string? displayName = null)
    {
        username ??= UniqueName();
        var password = $"pw-{Guid.NewGuid():N}";
        using (var browser = BrowserSession.Create(server))
        {
            var response = await browser.PostAsync("/api/auth/register", new { username, email = $"{username}@example.com", password, displayName });
            await EnsureSuccessAsync(response);
        }

        return await SignInAsync(server, username, password);
    }

    public static async Task<ApiClient> SignInAsync(IParleyAddress server, string username, string password)
    {
        using var anonymous = Anonymous(server);
        var tokenResponse = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password });
        await EnsureSuccessAsync(tokenResponse);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<AccessTokenResponse>(Json.Options))!;

        var http = Anonymous(server);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        var me = (await http.GetFromJsonAsync<MeDto>("/api/me", Json.Options))!;
        return new ApiClient(server, http, me, password, token.AccessToken);
    }

    public static HttpClient Anonymous(IParleyAddress server) => new() { BaseAddress = server.BaseAddress };

    public Task<HubClient> ConnectHubAsync() => HubClient.ConnectAsync(Server.BaseAddress, AccessToken);

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        body is null ? Http.PostAsync(path, null) : Http.PostAsJsonAsync(path, body, Json.Options);

    public Task<HttpResponseMessage> PatchAsync(string path, object body) => Http.PatchAsJsonAsync(path, body, Json.Options);

    public Task<HttpResponseMessage> PutAsync(string path, object body) => Http.PutAsJsonAsync(path, body, Json.Options);

    public Task<HttpResponseMessage> DeleteAsync(string path) => Http.DeleteAsync(path);

    /// <summary>Sends a request and reads the success body as <typeparamref name="T"/>; a failure throws with the problem details in the message.</summary>
    public static async Task<T> ReadAsync<T>(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        await EnsureSuccessAsync(response);
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    public Task<RoomDto> CreateRoomAsync(string visibility = "public", string? password = null, string? name = null, string? topic = null) =>
        ReadAsync<RoomDto>(PostAsync("/api/rooms", new { name = name ?? UniqueName("room"), topic, visibility, password }));

    public Task<RoomDto> JoinAsync(long roomId, string? password = null) =>
        ReadAsync<RoomDto>(password is null ? PostAsync($"/api/rooms/{roomId}/join") : PostAsync($"/api/rooms/{roomId}/join", new { password }));

    public Task<MessagePage> MessagesAsync(long roomId, string query = "") =>
        ReadAsync<MessagePage>(GetAsync($"/api/conversations/{roomId}/messages{query}"));

    /// <summary>A conversation's whole history, oldest first, read in pages with after= as a catching-up client does.</summary>
    public async Task<List<MessageDto>> AllMessagesAsync(long conversationId)
    {
        var all = new List<MessageDto>();
        for (var more = true; more;)
        {
            var page = await MessagesAsync(conversationId, $"?after={(all.Count == 0 ? 0 : all[^1].Id)}&limit=100");
            all.AddRange(page.Messages);
            more = page.HasMore && page.Messages.Count > 0;
        }

        return all;
    }

    public Task<ConversationDto> OpenDirectAsync(params string[] usernames) =>
        ReadAsync<ConversationDto>(PostAsync("/api/dms", new { usernames }));

    public Task<List<ConversationDto>> ConversationsAsync() => ReadAsync<List<ConversationDto>>(GetAsync("/api/conversations"));

    public Task<List<MemberDto>> MembersAsync(long roomId) => ReadAsync<List<MemberDto>>(GetAsync($"/api/rooms/{roomId}/members"));

    public static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {body}", null, response.StatusCode);
        }
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>A browser-like client: a cookie jar and the antiforgery header, as the web app sends them.</summary>
public sealed class BrowserSession : IDisposable
{
    private BrowserSession(HttpClient http, CookieContainer cookies)
    {
        Http = http;
        Cookies = cookies;
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    public static BrowserSession Create(IParleyAddress server)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = server.BaseAddress };
        return new BrowserSession(http, cookies);
    }

    /// <summary>Fetches a fresh antiforgery token (as the web app does after signing in or out) and sets its header.</summary>
    public async Task RefreshAntiforgeryAsync()
    {
        var token = (await Http.GetFromJsonAsync<AntiforgeryTokenResponse>("/api/auth/antiforgery", Json.Options))!;
        Http.DefaultRequestHeaders.Remove(token.HeaderName);
        Http.DefaultRequestHeaders.Add(token.HeaderName, token.Token);
    }

    public async Task<HttpResponseMessage> PostAsync(string path, object? body = null, bool refreshAntiforgery = true)
    {
        if (refreshAntiforgery)
        {
            await RefreshAntiforgeryAsync();
        }

        return body is null ? await Http.PostAsync(path, null) : await Http.PostAsJsonAsync(path, body, Json.Options);
    }

    public string? SessionCookie(Uri baseAddress) => Cookies.GetCookies(baseAddress)["parley.session"]?.Value;

    public void Dispose() => Http.Dispose();
}

public static class ProblemExtensions
{
    /// <summary>Reads an RFC 7807 body: its status, stable code, detail and field errors.</summary>
    public static async Task<Problem> ReadProblemAsync(this HttpResponseMessage response)
    {
        Assert(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"Expected problem details, got {response.Content.Headers.ContentType} for {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = json.TryGetProperty("errors", out var e)
            ? e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray())
            : [];
        return new Problem(
            json.GetProperty("status").GetInt32(),
            json.TryGetProperty("code", out var code) ? code.GetString()! : "",
            json.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "",
            errors);
    }

    /// <summary>The status and stable code of a problem response, for one-line assertions.</summary>
    public static async Task<(int Status, string Code)> StatusAndCodeAsync(this HttpResponseMessage response)
    {
        var problem = await response.ReadProblemAsync();
        return (problem.Status, problem.Code);
    }

    /// <summary>The status and stable code of a refusal, or the success status with no code: for requests sent together whose outcomes are counted.</summary>
    public static async Task<(int Status, string Code)> OutcomeAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return response.IsSuccessStatusCode ? ((int)response.StatusCode, "") : await response.StatusAndCodeAsync();
    }

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}

public sealed record Problem(int Status, string Code, string Detail, IReadOnlyDictionary<string, string[]> Errors);
