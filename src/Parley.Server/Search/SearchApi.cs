using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Access;
using Parley.Accounts;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Search;

public static class SearchApi
{
    public static RouteGroupBuilder MapSearch(this RouteGroupBuilder api)
    {
        // Optional numbers in the query: bound at run time so a malformed one gets a clear error (RuntimeBinding).
#pragma warning disable RDG002
        api.MapGet("/search", RuntimeBinding.BoundAtRunTime(SearchAsync)).WithTags("Search").RequireUserLimit(UserLimit.Searches)
            .WithSummary("Search every message you can read, newest first")
            .WithDescription("`q`: words (whole words; word* for prefixes), \"exact phrases\", and filters from:alice, in:general, in:@bob, before:2026-11-01, after:2026-11-01 (UTC). `conversationId` limits it to one conversation; page with `before` = the last result's message id.");
#pragma warning restore RDG002
        return api;
    }

    private static async Task<Results<Ok<SearchPage>, ProblemHttpResult>> SearchAsync(
        string? q, long? conversationId, long? before, int? limit, HttpContext http, ConversationAccess access, SearchService search, CancellationToken cancellationToken)
    {
        var userId = http.User.GetUserId();
        return conversationId is { } id
            ? ApiResults.Ok(await access.ConversationAsync(userId, id).ThenAsync(grant => search.SearchAsync(userId, q, grant, before, limit, cancellationToken)))
            : ApiResults.Ok(await search.SearchAsync(userId, q, within: null, before, limit, cancellationToken));
    }

    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        // PostgreSQL indexes a message in the statement that writes it; SQLite's FTS5 index is brought up to date
        // after the commit by the indexer, which must never run against PostgreSQL.
        if (ParleyDatabase.IsPostgresConfigured(builder.Configuration))
        {
            builder.Services.AddScoped<IMessageSearch, PostgresMessageSearch>();
        }
        else
        {
            builder.Services.AddScoped<IMessageSearch, SqliteMessageSearch>();
            builder.Services.AddSingleton<SqliteSearchIndexer>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SqliteSearchIndexer>());
            builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<SqliteSearchIndexer>());
        }

        builder.Services.AddScoped<SearchService>();
        return builder;
    }
}
