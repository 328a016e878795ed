using System.Net;
using System.Text;
using Parley.Search;

namespace Parley.Tests.Integration;

/// <summary>Search takes whatever people (and attackers) type: every input gets results or a clear 400, never a 500.</summary>
[Collection(SharedServer.Name)]
public sealed class SearchInputTests(ServerFixture fixture)
{
    /// <summary>The two inputs an outside audit found answered with 500: a NUL inside a word, and the last day there is.</summary>
    [Theory]
    [InlineData("hel\0lo")]
    [InlineData("after:9999-12-31")]
    [InlineData("before:0001-01-01")]
    [InlineData("after:0001-01-01 before:9999-12-31 word")]
    [InlineData("\u0001\u001f\u007f")]
    [InlineData("\"unclosed phrase")]
    [InlineData("from: in: before: after:")]
    public async Task Search_InputsThatOnceFailed_AnswerResultsOrAClearError(string q)
    {
        using var searcher = await fixture.UserAsync();
        await searcher.CreateRoomAsync();

        using var response = await searcher.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}");

        await AssertAnsweredAsync(response, q);
    }

    [Fact]
    public async Task Search_TooLongOrTooManyTerms_IsRefusedWithTheLimit()
    {
        using var searcher = await fixture.UserAsync();

        using var tooLong = await searcher.GetAsync($"/api/search?q={new string('a', SearchQuery.MaxLength + 1)}");
        using var tooMany = await searcher.GetAsync($"/api/search?q={string.Join("+", Enumerable.Range(0, SearchQuery.MaxTerms + 1).Select(i => $"w{i}"))}");

        var longProblem = await tooLong.ReadProblemAsync();
        var manyProblem = await tooMany.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (longProblem.Status, longProblem.Code));
        Assert.Contains($"{SearchQuery.MaxLength}", longProblem.Errors["q"][0], StringComparison.Ordinal);
        Assert.Equal((400, "validation_failed"), (manyProblem.Status, manyProblem.Code));
        Assert.Contains($"{SearchQuery.MaxTerms}", manyProblem.Errors["q"][0], StringComparison.Ordinal);
    }

    /// <summary>
    /// Property: random strings built from the characters that matter to the parser and to FTS5 (quotes, stars,
    /// colons, filter names, dates, control characters, NUL, astral and combining characters, FTS5 operators) never
    /// make the server fail. Seeded, so a failure names the input that caused it.
    /// </summary>
    [Fact]
    public async Task Search_RandomInput_NeverFailsTheServer()
    {
        using var searcher = await fixture.UserAsync();
        var room = await searcher.CreateRoomAsync();
        await using var hub = await searcher.ConnectHubAsync();
        await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "something to find: deploy the release \"now\" 😀 café" });
        string[] pieces =
        [
            "a", "deploy", "dep*", "*", "**", "\"", "\"\"", ":", "from:", "in:", "before:", "after:", "from:@", "in:#", "in:@",
            "2026-11-01", "9999-12-31", "0000-00-00", "-", "(", ")", "NEAR", "AND", "OR", "NOT", "^", "+", "{", "}", "\\",
            "'", "%", "_", "\0", "\u0001", "\t", "\n", "\u00a0", "\u200b", "\u202e", "😀", "e\u0301", "\ud83d", "\uffff", "ǅ", "İ",
        ];
        var random = new Random(20261201);
        var failures = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 8); n > 0; n--)
            {
                text.Append(pieces[random.Next(pieces.Length)]).Append(random.Next(3) == 0 ? "" : " ");
            }

            var q = text.ToString();
            using var response = await searcher.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}&limit={random.Next(1, 51)}");
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest))
            {
                failures.Add($"{(int)response.StatusCode} for q={Escape(q)}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    private static async Task AssertAnsweredAsync(HttpResponseMessage response, string q)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return;
        }

        var problem = await response.ReadProblemAsync();
        Assert.True(problem.Status == 400 && problem.Detail.Length > 0, $"{problem.Status} {problem.Code} for q={Escape(q)}: {problem.Detail}");
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c > 0x7e ? $"\\u{(int)c:x4}" : c.ToString()));
}
