namespace HallPlatform.Reception.Domain;

/// <summary>What the KPI formulas need of one visit.</summary>
public sealed record KpiVisit(string ServiceType, VisitStatus Status, DateTimeOffset ArrivedAt, DateTimeOffset? FirstCalledAt,
    DateTimeOffset? CalledAt, DateTimeOffset? CompletedAt);

public sealed record KpiFigures(
    int Arrived,
    int Called,
    int Served,
    int NoShows,
    double? AverageWaitSeconds,
    double? P90WaitSeconds,
    double? AverageServiceSeconds,
    double? ShareAboveServiceLevel);

/// <summary>
/// Qmatic-style KPI definitions (docs/domain.md): waiting time = first call - ticket created; service time =
/// completed - (latest) call; % above service level = share of called tickets whose waiting time exceeded the
/// service type's target. Averages are null when there is nothing to average.
/// </summary>
public static class KpiCalculator
{
    public static KpiFigures Compute(IReadOnlyCollection<KpiVisit> visits, Func<string, int> serviceLevelSeconds)
    {
        var waits = visits.Where(v => v.FirstCalledAt is not null)
            .Select(v => (v.ServiceType, Seconds: Math.Max(0, (v.FirstCalledAt!.Value - v.ArrivedAt).TotalSeconds)))
            .ToList();
        var services = visits.Where(v => v.Status == VisitStatus.Completed && v.CompletedAt is not null && v.CalledAt is not null)
            .Select(v => Math.Max(0, (v.CompletedAt!.Value - v.CalledAt!.Value).TotalSeconds))
            .ToList();
        return new KpiFigures(
            Arrived: visits.Count,
            Called: waits.Count,
            Served: services.Count,
            NoShows: visits.Count(v => v.Status == VisitStatus.NoShow),
            AverageWaitSeconds: waits.Count == 0 ? null : Math.Round(waits.Average(w => w.Seconds), 1),
            P90WaitSeconds: Percentile([.. waits.Select(w => w.Seconds)], 0.9),
            AverageServiceSeconds: services.Count == 0 ? null : Math.Round(services.Average(), 1),
            ShareAboveServiceLevel: waits.Count == 0 ? null
                : Math.Round((double)waits.Count(w => w.Seconds > serviceLevelSeconds(w.ServiceType)) / waits.Count, 4));
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least <paramref name="p"/> of the values at or below it.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
