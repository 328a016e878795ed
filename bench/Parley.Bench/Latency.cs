using System.Diagnostics;

namespace Parley.Bench;

/// <summary>Latency of one kind of request, in milliseconds.</summary>
internal sealed record LatencyResult(string Name, int Samples, double P50, double P95, double P99, double Max, double MeanResults)
{
    public static async Task<LatencyResult> MeasureAsync(string name, int warmup, int samples, Func<int, Task<int>> request)
    {
        for (var i = 0; i < warmup; i++)
        {
            await request(i);
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
