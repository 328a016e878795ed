using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Bench;

/// <summary>
/// History paging and search on a large database, through HTTP against a real server: what a person waits for
/// when they open a busy room, scroll back, come back from a dropped connection, or search.
/// </summary>
internal static class HistorySearchBenchmark
{
    public static async Task<List<LatencyResult>> RunAsync(Uri server, DataSetInfo data, DataSetOptions options, int samples, TextWriter log)
    {
        using var all = await SignInAsync(server, DataSet.SearcherInBigRoom);
        using var small = await SignInAsync(server, DataSet.SearcherInSmallRooms);
        var vocabulary = new Vocabulary(5_000, options.Seed);
        var random = new Random(7);
        var span = data.MaxBigRoomMessageId - data.MinBigRoomMessageId;
        long RandomBigRoomId() => data.MinBigRoomMessageId + (long)(random.NextDouble() * span);
        string Rare(int i) => vocabulary[3_000 + (i % 1_000)];
        string Medium(int i) => vocabulary[100 + (i % 100)];
        string Common(int i) => vocabulary[i % 5];

        var results = new List<LatencyResult>();
        async Task Run(string name, HttpClient client, Func<int, string> path)
        {
            var result = await LatencyResult.MeasureAsync(name, warmup: 20, samples, i => CountAsync(client, path(i)));
            results.Add(result);
            await log.WriteLineAsync(result.Failed is { } failure
                ? $"  {name,-58} FAILED: {failure}"
                : $"  {name,-58} p50 {result.P50,7:F2}  p95 {result.P95,7:F2}  p99 {result.P99,7:F2}  max {result.Max,7:F2} ms  ({result.MeanResults:F1} results)");
        }

        var big = data.BigRoomId;
        await Run("history: newest page of 50 (room of 1M)", all, _ => $"/api/rooms/{big}/messages?limit=50");
        await Run("history: before=random id, 50 (scrolling back, room of 1M)", all, _ => $"/api/rooms/{big}/messages?limit=50&before={RandomBigRoomId()}");
        await Run("history: after=random id, 50 (catch-up, room of 1M)", all, _ => $"/api/rooms/{big}/messages?limit=50&after={RandomBigRoomId()}");
        await Run("history: newest page of 50 (small room)", all, i => $"/api/rooms/{data.SmallRoomIds[i % data.SmallRoomIds.Count]}/messages?limit=50");
        await Run("conversation list (21 rooms, with unread counts)", all, _ => "/api/conversations");

        foreach (var (who, client) in new[] { ("in the big room", all), ("not in the big room", small) })
        {
            await Run($"search {who}: rare word", client, i => Search(Rare(i)));
            await Run($"search {who}: medium word", client, i => Search(Medium(i)));
            await Run($"search {who}: most common words", client, i => Search(Common(i)));
            await Run($"search {who}: word prefix (medium word*)", client, i => Search(Medium(i)[..4] + "*"));
            await Run($"search {who}: two words", client, i => Search($"{Medium(i)} {Rare(i)}"));
            await Run($"search {who}: phrase", client, i => Search($"\"{Common(i)} {Common(i + 1)}\""));
            await Run($"search {who}: word in:room", client, i => Search($"{Medium(i)} in:{data.SmallRoomName}"));
            await Run($"search {who}: word from:user", client, i => Search($"{Common(i)} from:{data.AuthorUsername}"));
            await Run($"search {who}: from:user only", client, _ => Search($"from:{data.AuthorUsername}"));
        }

        return results;
    }

    private static string Search(string q) => $"/api/search?limit=20&q={Uri.EscapeDataString(q)}";

    private static async Task<int> CountAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.ValueKind switch
        {
            JsonValueKind.Array => json.GetArrayLength(),
            _ when json.TryGetProperty("messages", out var messages) => messages.GetArrayLength(),
            _ when json.TryGetProperty("results", out var hits) => hits.GetArrayLength(),
            _ => 0,
        };
    }

    private static async Task<HttpClient> SignInAsync(Uri server, string username)
    {
        var client = new HttpClient { BaseAddress = server };
        using var response = await client.PostAsJsonAsync(new Uri("/api/auth/token", UriKind.Relative), new { username, password = DataSet.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
