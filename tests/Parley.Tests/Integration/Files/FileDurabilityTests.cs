using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;
using static Parley.Tests.Integration.Files.FileCalls;

namespace Parley.Tests.Integration.Files;

/// <summary>Uploads against a server in its own process: killed mid-upload, and measured while a 100 MB file streams in.</summary>
public sealed class FileDurabilityTests(ITestOutputHelper output)
{
    private const int Megabyte = 1024 * 1024;

    /// <summary>
    /// A server killed (SIGKILL) while a file streams in loses no completed file and leaves nothing half-written: after
    /// the restart the work file is gone, no row was made, the quota counts only the completed file, which is intact.
    /// </summary>
    [Fact]
    public async Task Upload_ServerKilledMidUpload_LeavesNoTraceAndKeepsCompletedFiles()
    {
        await using var server = await ServerProcess.LaunchAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        var completed = await alice.UploadOkAsync(room.Id, Pdf(), "completed.pdf");

        using var giveUp = new CancellationTokenSource();
        var inFlight = alice.Http.PostAsync($"/api/conversations/{room.Id}/files?name=half.pdf", new StalledContent(2 * Megabyte), giveUp.Token);
        await Poll.UntilAsync(() => Task.FromResult(WorkFiles(server.DataDirectory).Any(f => new FileInfo(f).Length >= Megabyte)), TimeSpan.FromSeconds(15), "the half-written upload to reach the disk");
        await server.KillAsync();
        // The client, stuck sending a body nobody reads any more, gives up.
        await giveUp.CancelAsync();
        await Assert.ThrowsAsync<TaskCanceledException>(() => inFlight);
        await server.StartAsync();

        Assert.Empty(WorkFiles(server.DataDirectory));
        Assert.Equal(completed.Size, (await alice.UsageAsync()).UsedBytes);
        Assert.Equal(Pdf(), await (await alice.GetAsync(completed.Url)).Content.ReadAsByteArrayAsync());
        Assert.Single(StoredKeys(server.DataDirectory));
    }

    /// <summary>
    /// A 100 MB upload streams to disk: the server's resident memory peaks less than 60 MB above where it started.
    /// Reports the peak and the upload throughput.
    /// </summary>
    [Fact]
    public async Task Upload_100MB_ServerMemoryStaysFlat()
    {
        const int size = 100 * Megabyte;
        await using var server = await ServerProcess.LaunchAsync(new Dictionary<string, string> { ["Parley:Files:MaxFileBytes"] = $"{200 * Megabyte}" });
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await alice.UploadOkAsync(room.Id, Pdf(), "warm-up.pdf");
        var before = server.ReadMemory();

        var clock = Stopwatch.StartNew();
        var uploaded = await ApiClient.ReadAsync<AttachmentDto>(alice.Http.PostAsync($"/api/conversations/{room.Id}/files?name=big.pdf", new GeneratedContent(size)));
        clock.Stop();
        var after = server.ReadMemory();

        var growth = after.PeakResidentMegabytes - before.ResidentMegabytes;
        output.WriteLine($"100 MB upload: {size / (double)Megabyte / clock.Elapsed.TotalSeconds:0} MB/s ({clock.Elapsed.TotalSeconds:0.00} s); resident {before.ResidentMegabytes} MB before, peak {after.PeakResidentMegabytes} MB (+{growth} MB), {after.ResidentMegabytes} MB after.");
        Assert.Equal(size, uploaded.Size);
        Assert.True(growth < 60, $"Resident memory rose from {before.ResidentMegabytes} MB to a peak of {after.PeakResidentMegabytes} MB.");
    }

    /// <summary>A PDF that sends <paramref name="sendFirst"/> bytes and then never finishes (until its connection dies).</summary>
    private sealed class StalledContent(int sendFirst) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(Pdf(), cancellationToken);
            await stream.WriteAsync(new byte[sendFirst], cancellationToken);
            await stream.FlushAsync(cancellationToken);
            // Never finishes: the upload is in flight when the server dies.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 20L * Megabyte;
            return true;
        }
    }

    /// <summary>A PDF of <paramref name="size"/> bytes made as it is sent, so the test holds no copy of it either.</summary>
    private sealed class GeneratedContent(long size) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[Megabyte];
            Pdf().CopyTo(chunk, 0);
            for (long sent = 0; sent < size; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, size - sent)));
                chunk.AsSpan(0, 16).Clear();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = size;
            return true;
        }
    }
}
