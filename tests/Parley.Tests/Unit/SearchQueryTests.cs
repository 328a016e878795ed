using Parley.Search;

namespace Parley.Tests.Unit;

public sealed class SearchQueryTests
{
    [Fact]
    public void Parse_WordsPhrasesAndFilters()
    {
        var query = SearchQuery.Parse("deploy \"release notes\" from:@alice in:#general before:2026-11-10 after:2026-11-01").Value!;

        Assert.Equal(["deploy"], query.Words);
        Assert.Equal(["release notes"], query.Phrases);
        Assert.Equal(("alice", "#general"), (query.From, query.In));
        Assert.Equal(new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc), query.Before);
        Assert.Equal(new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc), query.After); // after a day = from the next one
    }

    [Fact]
    public void ToFullTextQuery_QuotesEverything_WholeWordsUnlessAStarAsksForMore()
    {
        var query = SearchQuery.Parse("deploy* \"release notes\" fix").Value!;
        Assert.Equal("\"release notes\" \"deploy\"* \"fix\"", query.ToFullTextQuery());
        Assert.Equal(["release notes", "deploy", "fix"], query.Highlights);
    }

    [Theory]
    [InlineData("NEAR(a b)", "\"NEAR(a\" \"b)\"")]
    [InlineData("a OR b", "\"a\" \"OR\" \"b\"")]
    [InlineData("say \"hi", "\"hi\" \"say\"")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("x\"*", "\"x\"")]
    public void ToFullTextQuery_NothingTypedBecomesFts5Syntax(string text, string expected) =>
        Assert.Equal(expected, SearchQuery.Parse(text).Value!.ToFullTextQuery());

    [Fact]
    public void Parse_PunctuationAloneIsNotSearchable()
    {
        var query = SearchQuery.Parse("!!! \"...\"").Value!;
        Assert.True(query.IsEmpty);
        Assert.Null(query.ToFullTextQuery());
    }

    [Fact]
    public void Parse_FiltersWithoutWords_AreAQuery()
    {
        var query = SearchQuery.Parse("from:bob").Value!;
        Assert.False(query.IsEmpty);
        Assert.False(query.HasText);
    }

    [Fact]
    public void Parse_BadDate_SaysHowToWriteIt() =>
        Assert.Contains("before:2026-11-01", SearchQuery.Parse("before:yesterday").Error!.Detail);
}
