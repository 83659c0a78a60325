using System.Globalization;
using System.Text;

namespace HallPlatform.Bench;

/// <summary>The results section of docs/benchmarks.md: median runs side by side, ratios to bare Redis, the goal.</summary>
internal static class MarkdownReport
{
    // The issue's goal for the full gateway path.
    private const double GoalShareOfBareRedis = 0.25;
    private const double GoalP99Ms = 20;

    public static string Build(BenchSettings settings, IReadOnlyList<PhaseResult> results, IReadOnlyList<string> paths,
        IReadOnlyList<string> operations, string bareRedisPath, string gatewayPath, string directPath,
        IReadOnlyList<string> serverProcesses, IReadOnlyList<PhaseResult> floorResults, IReadOnlyList<string> floorPaths,
        string floorComparedOperation)
    {
        var medians = results
            .GroupBy(r => (r.Path, r.Operation))
            .ToDictionary(g => g.Key, g => MedianRun([.. g]));
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"### Results: median of {settings.Runs} runs, {settings.Clients} concurrent clients");
        Line();
        Line("| path | operation | ops/s | p50 ms | p99 ms | ops/s vs bare Redis | ops/s in each run |");
        Line("|---|---|---:|---:|---:|---:|---|");
        foreach (var operation in operations)
        {
            var bare = medians[(bareRedisPath, operation)];
            foreach (var path in paths)
            {
                var median = medians[(path, operation)];
                var each = string.Join(" / ", results.Where(r => r.Path == path && r.Operation == operation)
                    .OrderBy(r => r.Run).Select(r => Ops(r.Throughput)));
                Line($"| {path} | {operation} | {Ops(median.Throughput)} | {Ms(median.P50Ms)} | {Ms(median.P99Ms)} | " +
                    $"{Percent(median.Throughput / bare.Throughput)} | {each} |");
            }
        }
        Line();
        Line("p50 and p99 are those of the median run (the run with the median throughput); latency counts completed " +
            "operations only.");
        Line();

        Line($"### Goal: gateway at least {Percent(GoalShareOfBareRedis)} of bare Redis throughput, p99 under {GoalP99Ms} ms");
        Line();
        Line("| operation | gateway / bare Redis | direct / bare Redis | gateway p99 ms | throughput share | p99 | met |");
        Line("|---|---:|---:|---:|---|---|---|");
        var allMet = true;
        foreach (var operation in operations)
        {
            var bare = medians[(bareRedisPath, operation)];
            var gateway = medians[(gatewayPath, operation)];
            var direct = medians[(directPath, operation)];
            var share = gateway.Throughput / bare.Throughput;
            var shareMet = share >= GoalShareOfBareRedis;
            var p99Met = gateway.P99Ms < GoalP99Ms;
            allMet &= shareMet && p99Met;
            Line($"| {operation} | {Percent(share)} | {Percent(direct.Throughput / bare.Throughput)} | {Ms(gateway.P99Ms)} | " +
                $"{YesNo(shareMet)} | {YesNo(p99Met)} | {YesNo(shareMet && p99Met)} |");
        }
        Line();
        Line($"**Goal met: {YesNo(allMet)}.**");
        Line();
        // Little's law for a closed loop: the latency target alone fixes a minimum throughput.
        Line($"With {settings.Clients} closed-loop clients, mean latency = {settings.Clients} / throughput, so a p99 under " +
            $"{GoalP99Ms} ms needs at least {Ops(settings.Clients / (GoalP99Ms / 1000))} ops/s on that path.");
        Line();

        if (serverProcesses.Count > 0)
        {
            Line("### Where the server core's time goes (median run)");
            Line();
            Line("CPU milliseconds on the server core per completed operation, by process (from /proc), and how busy that " +
                "core was; \"others\" is busy time on that core not used by these processes (other people's builds and tests).");
            Line();
            Line($"| path | operation | {string.Join(" | ", serverProcesses)} | others | server core busy |");
            Line($"|---|---|{string.Concat(serverProcesses.Select(_ => "---:|"))}---:|---:|");
            foreach (var operation in operations)
            {
                foreach (var path in paths)
                {
                    var median = medians[(path, operation)];
                    if (median.Cpu is not { } usage || median.Done == 0)
                    {
                        continue;
                    }
                    var perOp = serverProcesses.Select(p => Ms(usage.ProcessSeconds.GetValueOrDefault(p) * 1000 / median.Done));
                    Line($"| {path} | {operation} | {string.Join(" | ", perOp)} | {Ms(usage.OtherSeconds * 1000 / median.Done)} | " +
                        $"{Percent(usage.ServerCoreBusySeconds / usage.ServerCoreSeconds)} |");
                }
            }
            Line();
        }

        if (floorResults.Count > 0)
        {
            var floorMedians = floorResults.GroupBy(r => r.Path).ToDictionary(g => g.Key, g => MedianRun([.. g]));
            var bareCheckIn = medians[(bareRedisPath, floorComparedOperation)];
            Line($"### Floor: GET Reception's /alive (no application work), median of {settings.Runs} runs");
            Line();
            Line("What the fixed shape costs at minimum: Kestrel on the server core, plus YARP for the gateway row (an extra " +
                "gateway route to Reception's /alive, added by the bench script through environment variables).");
            Line();
            var processColumns = serverProcesses.Count > 0 ? " | " + string.Join(" | ", serverProcesses.Select(p => p + " CPU ms")) : "";
            Line($"| path | ops/s | p50 ms | p99 ms | ops/s vs bare Redis {floorComparedOperation} | ops/s in each run{processColumns} |");
            Line($"|---|---:|---:|---:|---:|---|{string.Concat(serverProcesses.Select(_ => "---:|"))}");
            foreach (var path in floorPaths)
            {
                if (!floorMedians.TryGetValue(path, out var median))
                {
                    continue;
                }
                var each = string.Join(" / ", floorResults.Where(r => r.Path == path).OrderBy(r => r.Run).Select(r => Ops(r.Throughput)));
                var cpuColumns = serverProcesses.Count > 0
                    ? " | " + string.Join(" | ", serverProcesses.Select(p => median.Cpu is { } usage && median.Done > 0
                        ? Ms(usage.ProcessSeconds.GetValueOrDefault(p) * 1000 / median.Done) : "n/a"))
                    : "";
                Line($"| {path} | {Ops(median.Throughput)} | {Ms(median.P50Ms)} | {Ms(median.P99Ms)} | " +
                    $"{Percent(median.Throughput / bareCheckIn.Throughput)} | {each}{cpuColumns} |");
            }
            Line();
            Line("A queue operation through the gateway cannot be faster than the gateway floor; the goal's 25% of bare Redis " +
                "is reachable only if that floor is well above it.");
            Line();
        }

        Line("### Anomalies");
        Line();
        var anomalies = results.Concat(floorResults).Where(r => r.Failed > 0 || r.Empty > 0 || r.HitTimeCap || r.Done < r.Planned).ToList();
        if (anomalies.Count == 0)
        {
            Line("None: every planned operation completed, no failures, no empty call-next, no time cap reached.");
        }
        foreach (var r in anomalies)
        {
            var reasons = string.Join(", ", r.FailureReasons.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} x{kv.Value}"));
            Line($"- run {r.Run}, {r.Path}, {r.Operation}: {r.Done} done of {r.Planned} planned, {r.Empty} empty, " +
                $"{r.Failed} failed{(reasons.Length > 0 ? $" ({reasons})" : "")}{(r.HitTimeCap ? ", stopped by the time cap" : "")}.");
        }
        Line();
        return text.ToString();
    }

    /// <summary>The run whose throughput is the median (the lower middle one for an even count).</summary>
    public static PhaseResult MedianRun(IReadOnlyList<PhaseResult> runs)
    {
        var ordered = runs.OrderBy(r => r.Throughput).ToList();
        return ordered[(ordered.Count - 1) / 2];
    }

    public static string Ops(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F2", CultureInfo.InvariantCulture);

    public static string Percent(double value) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : (value * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string YesNo(bool value) => value ? "yes" : "no";
}
