using System.Globalization;

namespace HallPlatform.Bench;

/// <summary>CPU time the server processes and the server core used during one phase.</summary>
internal sealed record CpuUsage(IReadOnlyDictionary<string, double> ProcessSeconds, double ServerCoreBusySeconds, double ServerCoreSeconds)
{
    /// <summary>Busy time on the server core that none of our server processes account for: other people's work.</summary>
    public double OtherSeconds => Math.Max(0, ServerCoreBusySeconds - ProcessSeconds.Values.Sum());
}

/// <summary>
/// Reads CPU time from /proc for the server processes the script started (BENCH_SERVER_PIDS="name:pid,...";
/// "postgres" names the postmaster and also counts its backends) and for the server core (BENCH_SERVER_CPU).
/// Shows where each operation's CPU goes and how busy the shared core was with work that is not ours.
/// Without those variables (or without /proc) it measures nothing and the report leaves the table out.
/// </summary>
internal sealed class CpuSampler
{
    private const string PostgresName = "postgres";
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on.

    private readonly IReadOnlyList<(string Name, int Pid)> _processes;
    private readonly int _serverCpu;

    private CpuSampler(IReadOnlyList<(string Name, int Pid)> processes, int serverCpu)
    {
        _processes = processes;
        _serverCpu = serverCpu;
    }

    public bool Enabled => _processes.Count > 0;

    public IEnumerable<string> ProcessNames => _processes.Select(p => p.Name);

    public static CpuSampler FromEnvironment()
    {
        var spec = Environment.GetEnvironmentVariable("BENCH_SERVER_PIDS") ?? "";
        var processes = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => item.Split(':'))
            .Where(parts => parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(parts => (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture)))
            .ToList();
        var cpu = int.TryParse(Environment.GetEnvironmentVariable("BENCH_SERVER_CPU"), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
        return new CpuSampler(File.Exists("/proc/stat") ? processes : [], cpu);
    }

    public Snapshot Take()
    {
        if (!Enabled)
        {
            return new Snapshot(new Dictionary<string, long>(), 0, 0);
        }
        var parents = ParentsOfAllProcesses();
        var ticks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, pid) in _processes)
        {
            // Own time plus that of children already reaped: a backend that exits hands its time to the postmaster.
            var total = ProcessTicks(pid, withReapedChildren: true);
            if (name == PostgresName)
            {
                // Each client connection is a live backend process whose parent is the postmaster.
                total += parents.Where(kv => kv.Value == pid).Sum(kv => ProcessTicks(kv.Key, withReapedChildren: false));
            }
            ticks[name] = total;
        }
        var (busy, all) = CoreTicks(_serverCpu);
        return new Snapshot(ticks, busy, all);
    }

    public CpuUsage? Between(Snapshot before, Snapshot after)
    {
        if (!Enabled)
        {
            return null;
        }
        var seconds = after.ProcessTicks.ToDictionary(kv => kv.Key,
            kv => Math.Max(0, kv.Value - before.ProcessTicks.GetValueOrDefault(kv.Key)) / TicksPerSecond, StringComparer.Ordinal);
        return new CpuUsage(seconds, (after.CoreBusyTicks - before.CoreBusyTicks) / TicksPerSecond,
            (after.CoreTotalTicks - before.CoreTotalTicks) / TicksPerSecond);
    }

    internal sealed record Snapshot(IReadOnlyDictionary<string, long> ProcessTicks, long CoreBusyTicks, long CoreTotalTicks);

    /// <summary>utime + stime of a process (and cutime + cstime of its reaped children); 0 when it is gone.</summary>
    private static long ProcessTicks(int pid, bool withReapedChildren)
    {
        // Fields after "(comm)": [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime.
        if (StatFields(pid) is not { Length: > 14 } fields)
        {
            return 0;
        }
        var last = withReapedChildren ? 14 : 12;
        var ticks = 0L;
        for (var i = 11; i <= last; i++)
        {
            ticks += long.Parse(fields[i], CultureInfo.InvariantCulture);
        }
        return ticks;
    }

    private static Dictionary<int, int> ParentsOfAllProcesses()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && StatFields(pid) is { Length: > 1 } fields)
            {
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }
        return parents;
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may contain spaces and parentheses: the fields start after the last ')'.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (long Busy, long Total) CoreTicks(int cpu)
    {
        var prefix = $"cpu{cpu} ";
        var line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null)
        {
            return (0, 0);
        }
        // user nice system idle iowait irq softirq steal ...
        var v = line[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var idle = v[3] + v[4];
        var busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
        return (busy, busy + idle);
    }
}
