using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Parley.Bench;
using Parley.Infrastructure.Data;

// dotnet run -c Release --project bench/Parley.Bench -- [--samples N] [--data DIR] [--small]
//   Fills (or reuses) a database of 1.5 million messages, starts Parley on a loopback port, measures, writes a report.
// dotnet run -c Release --project bench/Parley.Bench -- seed-load --data DIR --users N --out FILE
//   Prepares a fresh data folder for the load scenarios (bench/run.sh does this).
// dotnet run -c Release --project bench/Parley.Bench -- uploads [--mb 100] [--runs 3] [--concurrent 4]
//   Upload throughput and server memory for large files, into a fresh temporary data folder; writes a report.
if (args is ["seed-load", ..])
{
    string? seedData = null, seedOut = null;
    var seedUsers = 5_000;
    for (var i = 1; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--data": seedData = Path.GetFullPath(args[++i]); break;
            case "--out": seedOut = Path.GetFullPath(args[++i]); break;
            case "--users": seedUsers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            default: throw new ArgumentException($"Unknown option {args[i]}. seed-load takes --data DIR --out FILE [--users N]");
        }
    }

    var seedApp = Parley.Program.Build(["--urls=http://127.0.0.1:0", $"--Parley:DataDirectory={seedData ?? throw new ArgumentException("--data is required")}", "--Logging:LogLevel:Default=Warning"]);
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
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--samples": samples = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--data": dataDirectory = Path.GetFullPath(args[++i]); break;
        case "--json-out": jsonOut = Path.GetFullPath(args[++i]); break; // a copy of the JSON for bench/run.sh's report
        case "--small": options = options with { BigRoomMessages = 50_000, OtherMessages = 25_000 }; break; // a quick smoke run
        default: throw new ArgumentException($"Unknown option {args[i]}. Options: --samples N, --data DIR, --small, --json-out FILE");
    }
}

Directory.CreateDirectory(dataDirectory);
var log = Console.Out;
await log.WriteLineAsync($"Parley history and search benchmark: {options.TotalMessages:N0} messages ({options.BigRoomMessages:N0} in one room), data in {dataDirectory}");

var app = Parley.Program.Build(
[
    "--urls=http://127.0.0.1:0",
    $"--Parley:DataDirectory={dataDirectory}",
    "--Parley:RateLimits:SignInPerMinute=100000",
    // It measures the server, not the per-user limits: one searcher makes thousands of requests a minute.
    "--Parley:RateLimits:Requests:Burst=10000000",
    "--Parley:RateLimits:Searches:Burst=10000000",
    "--Logging:LogLevel:Default=Warning",
]);
await app.MigrateDatabaseAsync();
var fill = Stopwatch.StartNew();
var data = await DataSet.EnsureAsync(app.Services, options, dataDirectory, log);
var fillSeconds = fill.Elapsed.TotalSeconds;
await app.StartAsync();
var server = new Uri(app.Urls.Single());

var results = await HistorySearchBenchmark.RunAsync(server, data, options, samples, log);
await app.StopAsync();

var databaseBytes = Directory.GetFiles(dataDirectory, "parley.db*").Sum(f => new FileInfo(f).Length);
var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
var resultsDirectory = Path.GetFullPath("bench/results");
Directory.CreateDirectory(resultsDirectory);
var environment = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, SQLite (FTS5), Release build, in-process server, sequential requests over loopback HTTP";
var markdown = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"# History and search latency — {stamp} UTC")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"{options.TotalMessages:N0} messages in {options.Rooms} rooms ({options.BigRoomMessages:N0} in one), {options.Users:N0} users; database {databaseBytes / 1024.0 / 1024:F0} MB (with the full-text index); {samples} samples per row after 20 warm-up requests. {environment}.")
    .AppendLine()
    .AppendLine("| request | p50 ms | p95 ms | p99 ms | max ms | results |")
    .AppendLine("|---|---:|---:|---:|---:|---:|");
foreach (var r in results)
{
    markdown.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.P50:F2} | {r.P95:F2} | {r.P99:F2} | {r.Max:F2} | {r.MeanResults:F1} |");
}

var report = Path.Combine(resultsDirectory, $"history-search-{stamp}.md");
var json = JsonSerializer.Serialize(new { stamp, environment, options, databaseBytes, fillSeconds, samples, results }, new JsonSerializerOptions { WriteIndented = true });
if (jsonOut is null)
{
    await File.WriteAllTextAsync(report, markdown.ToString());
    await File.WriteAllTextAsync(Path.ChangeExtension(report, ".json"), json);
    await log.WriteLineAsync($"Report: {report}");
}
else
{
    await File.WriteAllTextAsync(jsonOut, json);
    await log.WriteLineAsync($"Results: {jsonOut}");
}
