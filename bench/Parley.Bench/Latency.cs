using System.Diagnostics;

namespace Parley.Bench;

/// <summary>
/// Latency of one kind of request, in milliseconds. <see cref="Failed"/> says why a kind could not be measured (a
/// request answered with an error, e.g. a search the provider does not support yet); the figures are then NaN.
/// </summary>
internal sealed record LatencyResult(string Name, int Samples, double P50, double P95, double P99, double Max, double MeanResults, string? Failed = null)
{
    public static async Task<LatencyResult> MeasureAsync(string name, int warmup, int samples, Func<int, Task<int>> request)
    {
        try
        {
            for (var i = 0; i < warmup; i++)
            {
                await request(i);
            }
        }
        catch (HttpRequestException failure)
        {
            // One kind that fails must not cost the other rows of a long run: it is reported as failed instead.
            var reason = failure.StatusCode is { } status ? $"HTTP {(int)status}" : failure.Message;
            return new LatencyResult(name, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, reason);
        }

        var times = new double[samples];
        var results = 0L;
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            results += await request(warmup + i);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return new LatencyResult(name, samples, Percentile(times, 0.50), Percentile(times, 0.95), Percentile(times, 0.99), times[^1], (double)results / samples);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
