using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Bench;
using Parley.Infrastructure.Data;

// dotnet run -c Release --project bench/Parley.Bench -- [--samples N] [--data DIR] [--small] [--provider sqlite|postgres|both --pg CONNECTION]
//   Fills (or reuses) a database of 1.5 million messages, starts Parley on a loopback port, measures, writes a report;
//   with both providers, the same data set and requests on each, side by side in one report (bench/production.sh).
// dotnet run -c Release --project bench/Parley.Bench -- seed-load --data DIR --users N --out FILE [--Parley:X=Y ...]
//   Prepares a fresh data folder (and database) for the load scenarios (bench/run.sh, bench/production.sh do this).
// dotnet run -c Release --project bench/Parley.Bench -- uploads [--mb 100] [--runs 3] [--concurrent 4]
//   Upload throughput and server memory for large files, into a fresh temporary data folder; writes a report.
if (args is ["seed-load", ..])
{
    string? seedData = null, seedOut = null;
    var seedUsers = 5_000;
    var seedSettings = new List<string>();
    for (var i = 1; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--data": seedData = Path.GetFullPath(args[++i]); break;
            case "--out": seedOut = Path.GetFullPath(args[++i]); break;
            case "--users": seedUsers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            // Server settings (--Parley:Database:Provider=postgres, --ConnectionStrings:Parley=…) go to the server as given.
            case var setting when setting.StartsWith("--Parley:", StringComparison.Ordinal) || setting.StartsWith("--ConnectionStrings:", StringComparison.Ordinal):
                seedSettings.Add(setting);
                break;
            default: throw new ArgumentException($"Unknown option {args[i]}. seed-load takes --data DIR --out FILE [--users N] [--Parley:…=… --ConnectionStrings:Parley=…]");
        }
    }

    var seedApp = Parley.Program.Build(["--urls=http://127.0.0.1:0", $"--Parley:DataDirectory={seedData ?? throw new ArgumentException("--data is required")}", "--Logging:LogLevel:Default=Warning", .. seedSettings]);
    await seedApp.MigrateDatabaseAsync();
    await LoadSeed.RunAsync(seedApp.Services, seedUsers, seedOut ?? throw new ArgumentException("--out is required"), Console.Out);
    return;
}

if (args is ["uploads", ..])
{
    var (megabytes, runs, concurrent) = (100, 3, 4);
    for (var i = 1; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--mb": megabytes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--concurrent": concurrent = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            default: throw new ArgumentException($"Unknown option {args[i]}. uploads takes [--mb N] [--runs N] [--concurrent N]");
        }
    }

    var uploadData = Directory.CreateTempSubdirectory("parley-bench-uploads-");
    try
    {
        var table = await UploadBenchmark.RunAsync(uploadData.FullName, megabytes, runs, concurrent, Console.Out);
        var uploadStamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var uploadReport = Path.GetFullPath($"bench/results/uploads-{uploadStamp}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(uploadReport)!);
        await File.WriteAllTextAsync(uploadReport,
            $"# Uploads — {uploadStamp} UTC\n\n{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, Release build, " +
            $"in-process server, loopback HTTP, bearer token, files on the local disk in a temporary folder. The body is generated while it is sent, " +
            $"so the peak is the server's (with the client's buffers). Each upload is streamed to a work file, fsynced, typed from its content " +
            $"(PDF) and moved into storage.\n\n{table}");
        await Console.Out.WriteLineAsync($"Report: {uploadReport}");
    }
    finally
    {
        uploadData.Delete(recursive: true);
    }

    return;
}

var samples = 200;
var dataDirectory = Path.GetFullPath("bench/.data/history-search");
var options = DataSetOptions.Default;
string? jsonOut = null;
var providers = new[] { "sqlite" };
string? postgresServer = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--samples": samples = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--data": dataDirectory = Path.GetFullPath(args[++i]); break;
        case "--json-out": jsonOut = Path.GetFullPath(args[++i]); break; // a copy of the JSON for bench/run.sh's report
        case "--small": options = options with { BigRoomMessages = 50_000, OtherMessages = 25_000 }; break; // a quick smoke run
        case "--provider":
            providers = args[++i] switch
            {
                "sqlite" => ["sqlite"],
                "postgres" => ["postgres"],
                "both" => ["sqlite", "postgres"],
                var other => throw new ArgumentException($"--provider {other}: sqlite, postgres or both"),
            };
            break;
        case "--pg": postgresServer = args[++i]; break; // a connection string to a PostgreSQL server (no database: the benchmark names its own)
        default: throw new ArgumentException($"Unknown option {args[i]}. Options: --samples N, --data DIR, --small, --json-out FILE, --provider sqlite|postgres|both, --pg CONNECTION");
    }
}

var log = Console.Out;
var providerRuns = new List<ProviderRun>();
foreach (var provider in providers)
{
    // Each provider has its own folder (key ring, fill marker); PostgreSQL's data set lives in a database of its own.
    var folder = provider == "sqlite" ? dataDirectory : dataDirectory + "-postgres";
    Directory.CreateDirectory(folder);
    await log.WriteLineAsync($"Parley history and search benchmark on {provider}: {options.TotalMessages:N0} messages ({options.BigRoomMessages:N0} in one room), data in {folder}");
    List<string> settings =
    [
        "--urls=http://127.0.0.1:0",
        $"--Parley:DataDirectory={folder}",
        "--Parley:RateLimits:SignInPerMinute=100000",
        // It measures the server, not the per-user limits: one searcher makes thousands of requests a minute.
        "--Parley:RateLimits:Requests:Burst=10000000",
        "--Parley:RateLimits:Searches:Burst=10000000",
        "--Logging:LogLevel:Default=Warning",
    ];
    if (provider == "postgres")
    {
        var server = postgresServer ?? throw new ArgumentException("--provider postgres needs --pg \"Host=…;Port=…;Username=…\" (bench/production.sh starts a cluster and passes it)");
        var database = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = $"parley_history_{options.Key.Replace('-', '_')}" }.ToString();
        await PostgresFill.EnsureDatabaseAsync(database);
        settings.AddRange(["--Parley:Database:Provider=postgres", $"--ConnectionStrings:Parley={database}"]);
    }

    var app = Parley.Program.Build([.. settings]);
    await app.MigrateDatabaseAsync();
    var fill = Stopwatch.StartNew();
    var data = await DataSet.EnsureAsync(app.Services, options, folder, log);
    var fillSeconds = fill.Elapsed.TotalSeconds;
    await app.StartAsync();
    var results = await HistorySearchBenchmark.RunAsync(new Uri(app.Urls.Single()), data, options, samples, log);
    long databaseBytes;
    await using (var scope = app.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        databaseBytes = provider == "postgres"
            ? await PostgresFill.DatabaseBytesAsync(db)
            : Directory.GetFiles(folder, "parley.db*").Sum(f => new FileInfo(f).Length);
    }

    await app.StopAsync();
    await app.DisposeAsync();
    providerRuns.Add(new ProviderRun(provider, databaseBytes, fillSeconds, results));
}

var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
var resultsDirectory = Path.GetFullPath("bench/results");
Directory.CreateDirectory(resultsDirectory);
var engines = string.Join(" and ", providerRuns.Select(r => r.Provider == "postgres" ? "PostgreSQL (tsvector + GIN)" : "SQLite (FTS5)"));
var environment = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {engines}, Release build, in-process server, sequential requests over loopback HTTP";
var sizes = string.Join("; ", providerRuns.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Provider} database {r.DatabaseBytes / 1024.0 / 1024:F0} MB (with the full-text index)")));
var markdown = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"# History and search latency — {stamp} UTC")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"{options.TotalMessages:N0} messages in {options.Rooms} rooms ({options.BigRoomMessages:N0} in one), {options.Users:N0} users; {sizes}; {samples} samples per row after 20 warm-up requests. {environment}.")
    .AppendLine();
if (providerRuns.Count == 1)
{
    markdown.AppendLine("| request | p50 ms | p95 ms | p99 ms | max ms | results |").AppendLine("|---|---:|---:|---:|---:|---:|");
    foreach (var r in providerRuns[0].Results)
    {
        markdown.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.P50:F2} | {r.P95:F2} | {r.P99:F2} | {r.Max:F2} | {r.MeanResults:F1} |");
    }
}
else
{
    // Side by side, the same requests in the same order; "results" differing between the two would be a search difference.
    markdown.AppendLine(CultureInfo.InvariantCulture, $"| request | {string.Join(" | ", providerRuns.Select(r => $"{r.Provider} p50 / p95 / p99 ms"))} | {providerRuns[1].Provider} ÷ {providerRuns[0].Provider} (p95) | results ({string.Join(" / ", providerRuns.Select(r => r.Provider))}) |")
        .AppendLine(CultureInfo.InvariantCulture, $"|---|{string.Concat(providerRuns.Select(_ => "---:|"))}---:|---:|");
    foreach (var first in providerRuns[0].Results)
    {
        var row = providerRuns.Select(r => r.Results.FirstOrDefault(x => x.Name == first.Name)).ToList();
        string Cell(LatencyResult? r) => r is null ? "–" : r.Failed is { } failure ? $"failed: {failure}" : string.Create(CultureInfo.InvariantCulture, $"{r.P50:F2} / {r.P95:F2} / {r.P99:F2}");
        var ratio = row[0] is { Failed: null, P95: > 0 } a && row[1] is { Failed: null } b ? string.Create(CultureInfo.InvariantCulture, $"{b.P95 / a.P95:F2}×") : "–";
        markdown.AppendLine(CultureInfo.InvariantCulture, $"| {first.Name} | {string.Join(" | ", row.Select(Cell))} | {ratio} | {string.Join(" / ", row.Select(r => r is null ? "–" : r.MeanResults.ToString("F1", CultureInfo.InvariantCulture)))} |");
    }
}

var report = Path.Combine(resultsDirectory, $"history-search-{stamp}.md");
// One provider: the JSON keeps the shape bench/load/report.js reads (scenario 6); several: one entry per provider.
object document = providerRuns.Count == 1
    ? new { stamp, environment, options, databaseBytes = providerRuns[0].DatabaseBytes, fillSeconds = providerRuns[0].FillSeconds, samples, provider = providerRuns[0].Provider, results = providerRuns[0].Results }
    : new { stamp, environment, options, samples, providers = providerRuns };
// A row that could not be measured holds NaN: written as "NaN" rather than failing the whole report.
var json = JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
if (jsonOut is null)
{
    await File.WriteAllTextAsync(report, markdown.ToString());
    await File.WriteAllTextAsync(Path.ChangeExtension(report, ".json"), json);
    await log.WriteLineAsync($"Report: {report}");
}
else
{
    await File.WriteAllTextAsync(jsonOut, json);
    await File.WriteAllTextAsync(Path.ChangeExtension(jsonOut, ".md"), markdown.ToString());
    await log.WriteLineAsync($"Results: {jsonOut}");
}

/// <summary>One provider's pass over the data set.</summary>
internal sealed record ProviderRun(string Provider, long DatabaseBytes, double FillSeconds, List<LatencyResult> Results);
