using System.Collections.Concurrent;
using System.Diagnostics;

namespace HallPlatform.Bench;

/// <summary>What one phase (one operation, one path, one run) measured.</summary>
internal sealed record PhaseResult(
    string Path,
    string Operation,
    int Run,
    int Planned,
    int Done,
    int Empty,
    int Failed,
    double ElapsedSeconds,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    bool HitTimeCap,
    IReadOnlyDictionary<string, int> FailureReasons,
    CpuUsage? Cpu)
{
    /// <summary>Completed operations per second: failures and empty calls are not counted as work done.</summary>
    public double Throughput => ElapsedSeconds > 0 ? Done / ElapsedSeconds : 0;
}

/// <summary>
/// Closed-loop load: a fixed number of clients, each sending its next request as soon as the previous one is
/// answered, until the planned count is reached or the time cap passes. One latency slot per operation.
/// </summary>
internal static class LoadRunner
{
    public static async Task<PhaseResult> RunAsync(string path, string operation, int run, int clients, int operations,
        TimeSpan timeCap, long indexBase, CpuSampler cpu, Func<long, ValueTask<OpOutcome>> operationCall)
    {
        var latencyTicks = new long[operations];
        var statuses = new OpStatus[operations];
        var failureReasons = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        long nextIndex = -1;
        var cpuBefore = cpu.Take();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(timeCap.TotalSeconds * Stopwatch.Frequency);
        var hitCap = 0;

        async Task ClientLoopAsync()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref nextIndex);
                if (i >= operations)
                {
                    return;
                }
                var begin = Stopwatch.GetTimestamp();
                if (begin > deadline)
                {
                    Volatile.Write(ref hitCap, 1);
                    return;
                }
                OpOutcome outcome;
                try
                {
                    outcome = await operationCall(indexBase + i);
                }
                catch (Exception ex)
                {
                    // Timeouts, refused connections, Redis errors: counted and named, never fatal to the run.
                    outcome = OpOutcome.Failed(ex.GetType().Name);
                }
                latencyTicks[i] = Stopwatch.GetTimestamp() - begin;
                statuses[i] = outcome.Status;
                if (outcome.Failure is { } reason)
                {
                    failureReasons.AddOrUpdate(reason, 1, (_, count) => count + 1);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(ClientLoopAsync)));
        var elapsedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuUsage = cpu.Between(cpuBefore, cpu.Take());

        var doneLatenciesMs = new List<double>(operations);
        int done = 0, empty = 0, failed = 0;
        for (var i = 0; i < operations; i++)
        {
            switch (statuses[i])
            {
                case OpStatus.Done:
                    done++;
                    doneLatenciesMs.Add(latencyTicks[i] * 1000.0 / Stopwatch.Frequency);
                    break;
                case OpStatus.Empty:
                    empty++;
                    break;
                case OpStatus.Failed:
                    failed++;
                    break;
            }
        }
        doneLatenciesMs.Sort();
        return new PhaseResult(path, operation, run, operations, done, empty, failed, elapsedSeconds,
            Percentile(doneLatenciesMs, 0.50), Percentile(doneLatenciesMs, 0.99),
            doneLatenciesMs.Count > 0 ? doneLatenciesMs[^1] : double.NaN,
            hitCap == 1, failureReasons.ToDictionary(StringComparer.Ordinal), cpuUsage);
    }

    /// <summary>Nearest-rank percentile of sorted values (no interpolation: every reported value was observed).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double quantile)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(quantile * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
